using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Wire;

namespace FestivalPos.Tests.Ledger.Model;

/// <summary>The steps: each picks what to do from the seed's random numbers and the model, then runs it on both.</summary>
public sealed partial class ModelRun
{
    private static readonly (string Name, double Weight)[] StepWeights =
    [
        ("online", 18), ("online-repeat", 5), ("online-conflict", 4), ("sale", 20), ("batch", 14), ("top-up", 6),
        ("block", 3), ("unblock", 3), ("link", 2), ("deactivate", 5), ("stale-charge", 3), ("stale-offline", 2),
        ("stale-wallet-stream", 2), ("stale-device-refusal", 1.5), ("review", 5), ("fault", 2),
    ];

    private async Task StepAsync(bool late)
    {
        _steps++;
        var terminal = Pick(_terminals);
        if (late && !terminal.Revoked && Chance(0.02))
        {
            await RevokeAsync(terminal);
            return;
        }

        var roll = _random.NextDouble() * StepWeights.Sum(s => s.Weight);
        var name = StepWeights.SkipWhile(s => (roll -= s.Weight) > 0).Select(s => s.Name).FirstOrDefault() ?? "online";
        var before = _lagging.Keys.ToDictionary(w => w, w => _model.Wallet(w).Events, StringComparer.Ordinal);
        await (name switch
        {
            "online" => OnlineAsync(terminal),
            "online-repeat" => OnlineRepeatAsync(terminal),
            "online-conflict" => OnlineConflictAsync(terminal),
            "sale" => SaleAsync(terminal),
            "batch" => BatchAsync(terminal),
            "top-up" => TopUpStepAsync(),
            "block" => BlockAsync(blocked: true),
            "unblock" => BlockAsync(blocked: false),
            "link" => LinkAsync(),
            "deactivate" => DeactivateAsync(),
            "stale-charge" => StaleChargeAsync(terminal),
            "stale-offline" => StaleOfflineAsync(terminal),
            "stale-wallet-stream" => StaleWalletStreamAsync(terminal),
            "stale-device-refusal" => StaleDeviceRefusalAsync(terminal),
            "fault" => FaultAsync(terminal),
            _ => ReviewAsync(terminal),
        });

        // A wallet activation that was written behind its back reloads as soon as it appends (its version no longer matches).
        foreach (var (walletId, events) in before)
        {
            if (_lagging.TryGetValue(walletId, out var since) && since == events && _model.Wallet(walletId).Events != events)
            {
                _lagging.Remove(walletId);
            }
        }
    }

    // ---- online ----

    private async Task OnlineAsync(Terminal terminal)
    {
        var seq = terminal.NextSeq++;
        var content = await NewContentAsync(terminal, online: true);
        await ChargeAsync(terminal, seq, content, "online");
        terminal.Online.Add((seq, content));
        if (!terminal.Revoked && Chance(0.3))
        {
            // No answer reached the terminal (as far as it knows): it sells the same sale offline under the same seq.
            terminal.Outbox.Add(Sign(terminal, seq, content));
            Log($"   and sold offline: seq {seq} into the outbox");
        }
    }

    private async Task OnlineRepeatAsync(Terminal terminal)
    {
        var candidates = terminal.Online.Where(o => !AvoidedRepeat(terminal, o.Seq, o.Content)).ToList();
        if (candidates.Count == 0)
        {
            await OnlineAsync(terminal);
            return;
        }

        var (seq, content) = Pick(candidates);
        await ChargeAsync(terminal, seq, content, "online repeat");
    }

    /// <summary>An online repeat of a seq declined online and then refused offline with the same content, when that deviation is avoided.</summary>
    private bool AvoidedRepeat(Terminal terminal, long seq, SaleContent content) =>
        _options.Avoids(KnownDeviations.OnlineRepeatAfterOfflineRefusal)
        && _model.Devices[terminal.DeviceId].Seqs.TryGetValue(seq, out var decided)
        && decided.Online?.Outcome == ChargeOutcome.Declined && decided.Offline?.Status == OfflineStatus.Rejected
        && decided.Content.FirstDifference(content) is null;

    private async Task OnlineConflictAsync(Terminal terminal)
    {
        var known = KnownSeqs(terminal);
        if (known.Count == 0)
        {
            await OnlineAsync(terminal);
            return;
        }

        var (seq, content) = Pick(known);
        await ChargeAsync(terminal, seq, await MutateAsync(terminal, content, forOffline: false), "online, reused seq");
    }

    private async Task ChargeAsync(Terminal terminal, long seq, SaleContent content, string what)
    {
        if (AvoidedRepeat(terminal, seq, content))
        {
            Log($"{what} {terminal.DeviceId} seq {seq}: not sent (a known deviation)");
            return;
        }

        if (content.CredentialType == CredentialType.Pin)
        {
            terminal.PinCharges++;
        }

        var charge = new OnlineCharge(terminal.DeviceId, seq, content.WalletId, content.Amount, new Credential(content.CredentialType, content.CredentialValue), content.CreatedAt);
        var expected = _model.ChargeOnline(terminal.DeviceId, seq, content, DateTimeOffset.UtcNow);
        Log($"{what} {terminal.DeviceId} seq {seq}: {content} → {expected}");
        var actual = await WithRetriesAsync(() => Device(terminal.DeviceId).Charge(charge));
        CompareOnline(expected, actual, ReferenceLedger.TxId(terminal.DeviceId, seq), $"{what} seq {seq}");
    }

    // ---- offline ----

    private async Task SaleAsync(Terminal terminal)
    {
        var seq = terminal.NextSeq++;
        var content = await NewContentAsync(terminal, online: false);
        var sale = Sign(terminal, seq, content);
        var badly = Chance(0.08);
        if (badly)
        {
            sale = Chance(0.5) ? sale with { Signature = ReferenceLedger.Sign(new byte[32], terminal.DeviceId, seq, content) } : sale with { Amount = sale.Amount + 1 };
        }

        terminal.Outbox.Add(sale);
        Log($"sale {terminal.DeviceId} seq {seq}: {ContentOf(sale)}{(badly ? " (badly signed)" : "")} into the outbox");
    }

    private async Task BatchAsync(Terminal terminal)
    {
        var batch = new List<OfflineTransaction>();
        if (!Chance(0.05))
        {
            foreach (var sale in terminal.Outbox)
            {
                if (Chance(terminal.Sent.Contains(sale.Seq) ? 0.25 : 0.8) && batch.Count < 12)
                {
                    batch.Add(sale);
                }
            }

            await AddCopiesAsync(terminal, batch);
            batch = [.. batch.OrderBy(_ => _random.Next())];
        }

        if (_options.Avoids(KnownDeviations.StaleWalletOfflineRefusal))
        {
            batch.RemoveAll(t => ChargedByLaggingWallet(terminal, t.Seq));
        }

        if (_options.Avoids(KnownDeviations.UnknownWalletOfDecidedSeq))
        {
            batch.RemoveAll(t => !_model.Wallet(t.WalletId).Exists
                && _model.Devices[terminal.DeviceId].Seqs.TryGetValue(t.Seq, out var decided)
                && decided.Content.WalletId == t.WalletId && decided.Content.FirstDifference(ContentOf(t)) is not null);
        }

        if (_options.Avoids(KnownDeviations.RefusalRepeatedForUnknownWallet))
        {
            batch.RemoveAll(t => !_model.Wallet(t.WalletId).Exists
                && _model.Devices[terminal.DeviceId].Seqs.TryGetValue(t.Seq, out var decided)
                && decided.Offline is { Reason: OfflineRejectReason.BadSignature or OfflineRejectReason.DeviceRevoked }
                && decided.Content.FirstDifference(ContentOf(t)) is null);
        }

        if (_options.Avoids(KnownDeviations.ConflictAtAnotherWallet))
        {
            batch.RemoveAll(t => RefusedBeforeSeeingBinding(terminal, t, batch, walletHoldsBinding: b => b.Content.WalletId == t.WalletId));
        }

        var arrival = DateTimeOffset.UtcNow;
        var expected = _model.Batch(terminal.DeviceId, [.. batch.Select(ToModel)], arrival);
        Log($"batch {terminal.DeviceId}: [{string.Join(", ", batch.Select((t, i) => $"{Describe(terminal, t)}→{expected[i]}"))}] ackedThrough {_model.Devices[terminal.DeviceId].AckedThrough()}");
        _batches++;
        _offlineTransactions += batch.Count;
        var retried = false;
        var result = await WithRetriesAsync(() => Device(terminal.DeviceId).SyncBatch([.. batch]), () => retried = true);
        Check(result.Outcome == BatchOutcome.Accepted && result.Results.Length == batch.Count, $"batch: {result.Outcome}, {result.Results.Length} results");
        for (var i = 0; i < batch.Count; i++)
        {
            var actual = result.Results[i];
            var same = actual.Seq == batch[i].Seq && actual.Status == expected[i].Status && actual.Reason == expected[i].Reason;

            // A batch sent again after a failed attempt finds what that attempt applied: it answers duplicate.
            same |= retried && expected[i].Status == OfflineStatus.Applied && actual.Status == OfflineStatus.Duplicate;
            Check(same, $"batch transaction {i} (seq {batch[i].Seq}): model {expected[i]}; system {Describe(actual)} "
                + $"(system's whole answer: [{string.Join(", ", result.Results.Select(r => $"{r.Seq}→{Describe(r)}"))}])");
        }

        CheckAckedThrough(_model.Devices[terminal.DeviceId], result.AckedThrough, "batch answer");
        terminal.Sent.UnionWith(batch.Select(t => t.Seq));
    }

    /// <summary>A batch's transaction in the log: its seq, and what it is unless it is the terminal's own sale as signed.</summary>
    private static string Describe(Terminal terminal, OfflineTransaction transaction) =>
        terminal.Outbox.Contains(transaction) ? $"{transaction.Seq}"
        : SignedWell(terminal, transaction) ? $"{transaction.Seq} (other copy: {ContentOf(transaction)})"
        : $"{transaction.Seq} (badly signed copy)";

    /// <summary>Exact repeats, changed copies of a seq, badly signed copies: what a confused or hostile terminal sends.</summary>
    private async Task AddCopiesAsync(Terminal terminal, List<OfflineTransaction> batch)
    {
        var device = _model.Devices[terminal.DeviceId];
        if (batch.Count > 0 && Chance(0.15))
        {
            batch.Add(Pick(batch));
        }

        if (Chance(0.12) && PickCopied(terminal, batch) is { } changed)
        {
            batch.Add(Sign(terminal, changed.Seq, await MutateAsync(terminal, changed.Content, forOffline: true)));
        }

        if (Chance(0.1) && PickCopied(terminal, batch) is { } copied)
        {
            var (seq, content) = copied;
            var charged = device.Seqs.TryGetValue(seq, out var decided) && decided.Content.FirstDifference(content) is null
                && (decided.ApprovedOnline || decided.OutOfBand && decided.MovedMoney);
            if (!(charged && _options.Avoids(KnownDeviations.BadCopyOfChargedSeq)))
            {
                batch.Add(Sign(terminal, seq, content) with { Signature = ReferenceLedger.Sign(new byte[32], terminal.DeviceId, seq, content) });
            }
        }
    }

    /// <summary>A seq the terminal used, to copy into the batch (one the batch does not carry yet, unless copies within a batch are allowed).</summary>
    private (long Seq, SaleContent Content)? PickCopied(Terminal terminal, List<OfflineTransaction> batch)
    {
        var avoidInBatch = _options.Avoids(KnownDeviations.CopiesWithinBatch);
        var known = KnownSeqs(terminal).Where(k => !avoidInBatch || batch.All(t => t.Seq != k.Seq)).ToList();
        return known.Count > 0 ? Pick(known) : null;
    }

    /// <summary>A seq a second wallet activation charged, while the wallet's live activation has not read that charge yet.</summary>
    private bool ChargedByLaggingWallet(Terminal terminal, long seq) =>
        terminal.StaleAtWallet.TryGetValue(seq, out var walletId) && _lagging.ContainsKey(walletId);

    /// <summary>
    /// A transaction whose seq is bound to other content its wallet does not hold (the seq was decided for another
    /// wallet, or refused by the device), which that wallet's own checks (credential, reuse, limits) would refuse,
    /// counting the batch's other charges to it as applied.
    /// </summary>
    private bool RefusedBeforeSeeingBinding(Terminal terminal, OfflineTransaction transaction, List<OfflineTransaction> batch, Func<ModelSeq, bool> walletHoldsBinding)
    {
        var device = _model.Devices[terminal.DeviceId];
        var wallet = _model.Wallet(transaction.WalletId);
        if (!device.Seqs.TryGetValue(transaction.Seq, out var decided) || decided.Content.FirstDifference(ContentOf(transaction)) is null
            || walletHoldsBinding(decided) || !wallet.Exists)
        {
            return false;
        }

        var others = batch.Where(t => t != transaction && t.WalletId == transaction.WalletId).Sum(t => t.Amount);
        var content = ContentOf(transaction);
        return _model.WalletRefusal(device, wallet, content with { Amount = content.Amount + others }, DateTimeOffset.UtcNow) is not null
            || _model.WalletRefusal(device, wallet, content, DateTimeOffset.UtcNow) is not null;
    }

    // ---- organizer and provider ----

    private async Task TopUpStepAsync()
    {
        var repeat = _topUpIds.Count > 0 && Chance(0.2);
        if (repeat)
        {
            var topUpId = Pick(_topUpIds);
            var first = _model.TopUpOf(topUpId);
            if (first is { } claim)
            {
                await TopUpAsync(claim.WalletId, Chance(0.6) ? claim.Amount : claim.Amount + 1, topUpId);
                return;
            }
        }

        var slot = Pick(_wallets);
        await TopUpAsync(slot.WalletId, _random.Next(1, 11) * 50, NewTopUpId());
    }

    private async Task BlockAsync(bool blocked)
    {
        var slot = Pick(_wallets);
        var expected = _model.SetBlocked(slot.WalletId, blocked);
        Log($"{(blocked ? "block" : "unblock")} {slot.WalletId} → {expected}");
        await ExpectAsync(expected, blocked ? Wallet(slot.WalletId).Block() : Wallet(slot.WalletId).Unblock(), blocked ? "block" : "unblock");
    }

    private async Task LinkAsync()
    {
        var slot = Pick(_wallets);
        var taken = _wallets.SelectMany(w => w.Uids).ToList();
        var uid = taken.Count > 0 && Chance(0.4) ? Pick(taken) : $"{slot.WalletId}-u{slot.Uids.Count + 1}";
        var expected = _model.LinkWristband(slot.WalletId, uid);
        Log($"link {uid} to {slot.WalletId} → {expected}");
        await ExpectAsync(expected, Wallet(slot.WalletId).LinkWristband(uid), "link");
        if (expected == WalletCommandOutcome.Done && !slot.Uids.Contains(uid))
        {
            slot.Uids.Add(uid);
        }
    }

    private async Task RevokeAsync(Terminal terminal)
    {
        _model.Revoke(terminal.DeviceId);
        terminal.Revoked = true;
        Log($"revoke {terminal.DeviceId}");
        Check(await Device(terminal.DeviceId).Revoke(), "revoke answered false");
    }

    private async Task ReviewAsync(Terminal terminal)
    {
        var device = _model.Devices[terminal.DeviceId];
        var held = device.Reviews.Keys.ToList();
        var seq = held.Count > 0 && Chance(0.85) ? Pick(held) : _random.NextInt64(1, terminal.NextSeq + 1);
        var approve = Chance(0.6);
        if (approve && device.Reviews.TryGetValue(seq, out var review) && AvoidedApproval(device, seq, review))
        {
            approve = false;
        }

        var reviewId = ReferenceLedger.TxId(terminal.DeviceId, seq);
        var expected = approve ? _model.Approve(terminal.DeviceId, seq) : _model.Dismiss(terminal.DeviceId, seq);
        Log($"review {(approve ? "approve" : "dismiss")} {reviewId} → {expected}");
        await ExpectAsync(expected, approve ? Review.Approve(reviewId) : Review.Dismiss(reviewId), $"review {(approve ? "approve" : "dismiss")} {reviewId}");
    }

    private bool AvoidedApproval(ModelDevice device, long seq, ModelReview review)
    {
        var content = review.Content;
        var foreignToken = content.CredentialType == CredentialType.Qr
            && _model.Tokens.TryGetValue(content.CredentialValue, out var token) && token.WalletId != content.WalletId;
        var otherContent = device.Seqs.TryGetValue(seq, out var decided)
            && decided.Offline?.Status == OfflineStatus.Rejected && decided.Content.FirstDifference(content) is not null;
        return foreignToken && _options.Avoids(KnownDeviations.TokenApprovedAtAnotherWallet)
            || otherContent && _options.Avoids(KnownDeviations.ReviewOfOtherContent);
    }

    private async Task DeactivateAsync()
    {
        if (Chance(0.5))
        {
            var slot = Pick(_wallets);
            Log($"deactivate wallet {slot.WalletId}");
            await Deactivate(Wallet(slot.WalletId));
            _lagging.Remove(slot.WalletId);
            return;
        }

        var terminal = Pick(_terminals);
        Log($"deactivate device {terminal.DeviceId}");
        await Deactivate(Device(terminal.DeviceId));

        // A device activating reads every seq binding its wallets wrote.
        foreach (var seq in _model.Devices[terminal.DeviceId].Seqs.Values)
        {
            seq.OutOfBand = false;
        }
    }

    /// <summary>
    /// The next database commit fails before writing, or is written and its answer lost: the grains decide again,
    /// or find what they wrote, and answer as if nothing happened. (With seeds in parallel, another seed's commit
    /// may take the fault: it must be just as invisible there.)
    /// </summary>
    private async Task FaultAsync(Terminal terminal)
    {
        var lose = Chance(0.5);
        Log(lose ? "fault: the next commit is written, its answer lost" : "fault: the next commit fails before writing");
        if (lose)
        {
            _ledger.Backend.LoseNextCommitAnswers(1);
        }
        else
        {
            _ledger.Backend.FailNextCommits(1);
        }

        try
        {
            await (Chance(0.5) ? OnlineAsync(terminal) : BatchAsync(terminal));
        }
        finally
        {
            _ledger.Backend.Reset();
        }
    }

    // ---- two activations over one store ----

    /// <summary>A stale activation of the device forwards an online charge straight to the wallet.</summary>
    private async Task StaleChargeAsync(Terminal terminal)
    {
        var device = _model.Devices[terminal.DeviceId];
        var decided = device.Seqs.Where(s => ReferenceLedger.WalletHoldsAnswer(s.Value) || Chance(0.5)).ToList();
        long seq;
        SaleContent content;
        if (decided.Count > 0 && Chance(0.3))
        {
            (seq, var bound) = Pick(decided);
            content = ReferenceLedger.WalletHoldsAnswer(bound) && Chance(0.5) ? bound.Content : await MutateAsync(terminal, bound.Content, forOffline: false);
        }
        else
        {
            seq = terminal.NextSeq++;
            content = await NewContentAsync(terminal, online: true);
            if (!terminal.Revoked && Chance(0.3))
            {
                terminal.Outbox.Add(Sign(terminal, seq, content));
            }
        }

        _staleWrites++;
        var charge = new OnlineCharge(terminal.DeviceId, seq, content.WalletId, content.Amount, new Credential(content.CredentialType, content.CredentialValue), content.CreatedAt);
        var expected = _model.ChargeAtWallet(terminal.DeviceId, seq, content, DateTimeOffset.UtcNow);
        Log($"stale activation of {terminal.DeviceId}: charge at the wallet, seq {seq}: {content} → {expected}");
        CompareOnline(expected, await Wallet(content.WalletId).ChargeOnline(charge), ReferenceLedger.TxId(terminal.DeviceId, seq), $"stale charge seq {seq}");
    }

    /// <summary>A stale activation of the device forwards one signed offline sale straight to the wallet.</summary>
    private async Task StaleOfflineAsync(Terminal terminal)
    {
        var device = _model.Devices[terminal.DeviceId];
        if (terminal.Revoked)
        {
            await OnlineAsync(terminal);
            return;
        }

        var candidates = terminal.Outbox.Where(t => SignedWell(terminal, t)
            && !(_options.Avoids(KnownDeviations.StaleWalletOfflineRefusal) && ChargedByLaggingWallet(terminal, t.Seq))
            && !(device.Seqs.TryGetValue(t.Seq, out var decided) && decided.Offline?.Status == OfflineStatus.Rejected && decided.Content.FirstDifference(ContentOf(t)) is null)
            && !(_options.Avoids(KnownDeviations.ConflictAtAnotherWallet)
                && RefusedBeforeSeeingBinding(terminal, t, [t], walletHoldsBinding: b => b.Content.WalletId == t.WalletId && ReferenceLedger.WalletHoldsAnswer(b)))).ToList();
        OfflineTransaction sale;
        if (candidates.Count > 0 && Chance(0.5))
        {
            sale = Pick(candidates);
        }
        else
        {
            var seq = terminal.NextSeq++;
            sale = Sign(terminal, seq, await NewContentAsync(terminal, online: false));
            terminal.Outbox.Add(sale);
        }

        _staleWrites++;
        var content = ContentOf(sale);
        var now = DateTimeOffset.UtcNow;
        var expected = _model.OfflineAtWallet(terminal.DeviceId, sale.Seq, content, now);
        Log($"stale activation of {terminal.DeviceId}: offline sale at the wallet, seq {sale.Seq}: {content} → {expected}");
        var overDeviceLimit = content.Amount > device.OfflineMaxPerWallet
            || content.SoldAt < device.EnrolledAt - ReferenceLedger.BeforeEnrollment || content.SoldAt > now + ReferenceLedger.AfterArrival;
        var terms = ChargeTerms.Of(terminal.DeviceId, sale.Seq, content.WalletId, content.Amount, content.CreatedAt, sale.Credential);
        var charge = new OfflineCharge(terminal.DeviceId, sale.Seq, content.Amount, content.CreatedAt, content.CredentialType, terms.CredentialDigest, content.CredentialValue,
            overDeviceLimit ? OfflineSettlement.OverDeviceLimit : OfflineSettlement.Check, ReferenceLedger.PerDeviceWalletFactor * device.OfflineMaxPerWallet,
            content.CredentialType == CredentialType.Qr ? QrToken.IdOf(content.CredentialValue) : null);
        var actual = (await Wallet(content.WalletId).ApplyOffline([charge]))[0];
        Check(actual.Status == expected.Status && actual.Reason == expected.Reason, $"stale offline seq {sale.Seq}: model {expected}; system {Describe(actual)}");
    }

    /// <summary>
    /// A second activation of a wallet (say during a membership change) charges through its own view of the stream,
    /// while this silo's activation keeps its cached state; then, sometimes, the terminal reuses the seq elsewhere.
    /// </summary>
    private async Task StaleWalletStreamAsync(Terminal terminal)
    {
        var slot = _wallets.Where(w => _model.Wallet(w.WalletId).Exists && w.Uids.Count > 0).ToList();
        if (slot.Count == 0)
        {
            await OnlineAsync(terminal);
            return;
        }

        var wallet = Pick(slot);
        var seq = terminal.NextSeq++;
        var content = new SaleContent(wallet.WalletId, _random.Next(1, 151), At(TimeSpan.FromSeconds(_random.Next(-20, 21))), CredentialType.Nfc, Pick(wallet.Uids));
        var expected = _model.ChargeAtWallet(terminal.DeviceId, seq, content, DateTimeOffset.UtcNow);
        Log($"second activation of {wallet.WalletId}: charge in its stream, {terminal.DeviceId} seq {seq}: {content} → {expected}");
        _staleWrites++;

        var charge = new OnlineCharge(terminal.DeviceId, seq, content.WalletId, content.Amount, new Credential(CredentialType.Nfc, content.CredentialValue), content.CreatedAt);
        var terms = ChargeTerms.Of(terminal.DeviceId, seq, content.WalletId, content.Amount, content.CreatedAt, charge.Credential);
        var stream = new EventStream<WalletState, WalletEvent>(_ledger.Store, _ledger.Keys.Chain, WalletGrain.StreamId(wallet.WalletId), new WalletState());
        var actual = await stream.DecideAsync(state => WalletRules.DecideOnline(state, charge, terms, new CredentialCheck(state.Wristbands.Contains(content.CredentialValue), null), DateTimeOffset.UtcNow)
            with { Index = [SeqBindings.Entry(terminal.DeviceId, seq, terms)] });
        CompareOnline(expected, actual, ReferenceLedger.TxId(terminal.DeviceId, seq), $"second activation seq {seq}");
        _lagging[wallet.WalletId] = _model.Wallet(wallet.WalletId).Events;
        terminal.StaleAtWallet[seq] = wallet.WalletId;

        if (!terminal.Revoked && Chance(0.4))
        {
            terminal.Outbox.Add(Sign(terminal, seq, content));
            Log($"   and sold offline: seq {seq} into the outbox");
        }

        if (Chance(0.4))
        {
            await ChargeAsync(terminal, seq, await MutateAsync(terminal, content, forOffline: false), "   then online, same seq");
        }
    }

    /// <summary>
    /// A stale activation of the device refused a transaction (held it for review, then recorded the refusal in the
    /// device's stream with its binding) behind the live activation's back; the terminal then uses the seq again.
    /// </summary>
    private async Task StaleDeviceRefusalAsync(Terminal terminal)
    {
        var seq = terminal.NextSeq++;
        var content = await NewContentAsync(terminal, online: false);
        _model.RefusedElsewhere(terminal.DeviceId, seq, content, OfflineRejectReason.BadSignature);
        Log($"stale activation of {terminal.DeviceId}: refused seq {seq} (badSignature): {content}");
        _staleWrites++;

        var credential = new Credential(content.CredentialType, content.CredentialValue);
        var terms = ChargeTerms.Of(terminal.DeviceId, seq, content.WalletId, content.Amount, content.CreatedAt, credential);
        var qrTokenId = content.CredentialType == CredentialType.Qr ? QrToken.IdOf(content.CredentialValue) : null;
        var decided = new DecidedSeq(seq, content.WalletId, terms.Fingerprint, SeqOutcome.Rejected, OfflineRejectReason.BadSignature, content.Amount, content.CreatedAt, qrTokenId);
        await Review.Hold([new HeldTransaction(terminal.DeviceId, seq, content.WalletId, content.Amount, content.CreatedAt, OfflineRejectReason.BadSignature)]);
        var stream = new EventStream<DeviceState, DeviceEvent>(_ledger.Store, _ledger.Keys.Chain, $"device/{terminal.DeviceId}", new DeviceState());
        await stream.DecideAsync(_ => new Decision<DeviceEvent, bool>([new SeqsDecided([decided], DateTimeOffset.UtcNow)], true)
        {
            Index = [SeqBindings.Entry(terminal.DeviceId, seq, terms)],
        });

        var genuine = await MutateAsync(terminal, content, forOffline: true);
        if (!terminal.Revoked && Chance(0.5) || !_model.Wallet(genuine.WalletId).Exists && _options.Avoids(KnownDeviations.NotFoundOverStaleRefusal))
        {
            terminal.Outbox.Add(Sign(terminal, seq, genuine));
            Log($"   the terminal's own sale of seq {seq} into the outbox: {genuine}");
        }
        else
        {
            await ChargeAsync(terminal, seq, genuine, "   then online, same seq");
        }
    }

    // ---- content ----

    private async Task<SaleContent> NewContentAsync(Terminal terminal, bool online)
    {
        var slot = Chance(0.88) ? Pick(_wallets.Where(w => w.Created).ToList()) : Pick(_wallets);
        var amount = AmountFor(terminal);
        var createdAt = _random.NextDouble() switch
        {
            < 0.04 => At(TimeSpan.FromSeconds(-600 - _random.Next(600))),
            < 0.08 => At(TimeSpan.FromSeconds(600 + _random.Next(600))),
            _ => At(TimeSpan.FromSeconds(_random.Next(-20, 21))),
        };
        var (type, value) = await CredentialForAsync(terminal, slot, online);
        return new SaleContent(slot.WalletId, amount, createdAt, type, value);
    }

    private long AmountFor(Terminal terminal) => _random.NextDouble() switch
    {
        < 0.55 => _random.NextInt64(1, Math.Max(1, terminal.OfflineMaxPerWallet) + 1),
        < 0.85 => _random.Next(1, 61),
        _ => _random.NextInt64(1, 2 * terminal.OfflineMaxPerWallet + 201),
    };

    private async Task<(CredentialType Type, string Value)> CredentialForAsync(Terminal terminal, WalletSlot slot, bool online)
    {
        var roll = _random.NextDouble();
        if (roll < 0.58)
        {
            return (CredentialType.Nfc, slot.Uids.Count > 0 ? Pick(slot.Uids) : Stray());
        }

        if (roll < 0.66)
        {
            var others = _wallets.Where(w => w != slot).SelectMany(w => w.Uids).ToList();
            return (CredentialType.Nfc, others.Count > 0 && Chance(0.6) ? Pick(others) : Stray());
        }

        if (roll < 0.78 || roll < 0.84 && slot.Tokens.Count == 0)
        {
            return (CredentialType.Qr, await IssueTokenAsync(slot));
        }

        if (roll < 0.84)
        {
            return (CredentialType.Qr, Pick(slot.Tokens));
        }

        if (roll < 0.88)
        {
            var foreign = _wallets.Where(w => w != slot).SelectMany(w => w.Tokens).ToList();
            return (CredentialType.Qr, foreign.Count > 0 ? Pick(foreign) : await IssueTokenAsync(Pick(_wallets.Where(w => w != slot).ToList())));
        }

        if (roll < 0.9 || online && terminal.PinCharges >= 15)
        {
            return (CredentialType.Qr, $"e30.{Stray()}");
        }

        return (CredentialType.Pin, slot.Pin is { } pin && Chance(0.5) ? pin : Chance(0.5) ? "1357" : "0000");
    }

    private async Task<string> IssueTokenAsync(WalletSlot slot)
    {
        var issued = await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(slot.WalletId);
        _model.IssueToken(issued.Token, slot.WalletId, issued.ExpiresAt);
        slot.Tokens.Add(issued.Token);
        return issued.Token;
    }

    private string Stray() => $"{_prefix}-stray{_strays++}";

    /// <summary>The same sale with one field changed (the others as they were), so the seq's content differs.</summary>
    private async Task<SaleContent> MutateAsync(Terminal terminal, SaleContent content, bool forOffline)
    {
        switch (_random.Next(4))
        {
            case 0:
                var others = _wallets.Where(w => w.WalletId != content.WalletId).ToList();
                var other = Pick(others);
                var (type, value) = forOffline && other.Uids.Count > 0
                    ? (CredentialType.Nfc, Pick(other.Uids))
                    : await CredentialForAsync(terminal, other, online: !forOffline);
                return content with { WalletId = other.WalletId, CredentialType = type, CredentialValue = value };
            case 1:
                return content with { CreatedAt = WireTime.Format(content.SoldAt.AddSeconds(1)) };
            case 2:
                var slot = _wallets.First(w => w.WalletId == content.WalletId);
                var uids = slot.Uids.Where(u => u != content.CredentialValue).ToList();
                return content with { CredentialType = CredentialType.Nfc, CredentialValue = uids.Count > 0 ? Pick(uids) : Stray() };
            default:
                return content with { Amount = content.Amount + _random.Next(1, 20) };
        }
    }

    /// <summary>Every seq the terminal used and the content it first used it with.</summary>
    private List<(long Seq, SaleContent Content)> KnownSeqs(Terminal terminal)
    {
        var known = new Dictionary<long, SaleContent>();
        foreach (var (seq, content) in terminal.Online)
        {
            known.TryAdd(seq, content);
        }

        foreach (var sale in terminal.Outbox)
        {
            known.TryAdd(sale.Seq, ContentOf(sale));
        }

        foreach (var (seq, decided) in _model.Devices[terminal.DeviceId].Seqs)
        {
            known.TryAdd(seq, decided.Content);
        }

        return [.. known.OrderBy(k => k.Key).Select(k => (k.Key, k.Value))];
    }

    private static OfflineTransaction Sign(Terminal terminal, long seq, SaleContent content) =>
        new(seq, content.WalletId, content.Amount, content.CreatedAt, new Credential(content.CredentialType, content.CredentialValue),
            ReferenceLedger.Sign(terminal.Key, terminal.DeviceId, seq, content));

    private static bool SignedWell(Terminal terminal, OfflineTransaction sale) =>
        ReferenceLedger.Sign(terminal.Key, terminal.DeviceId, sale.Seq, ContentOf(sale)) == sale.Signature;

    private static SaleContent ContentOf(OfflineTransaction sale) =>
        new(sale.WalletId, sale.Amount, sale.CreatedAt, sale.Credential.Type, sale.Credential.Value);

    private static ModelSale ToModel(OfflineTransaction sale) => new(sale.Seq, ContentOf(sale), sale.Signature);

    /// <summary>
    /// A call that stale activations can make fail once (a seq bound behind the device's back makes its write
    /// refused; it learns the binding and asks to be called again), as the gateway's 503 would have the terminal do.
    /// </summary>
    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, Action? retrying = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (WalletUnavailableException unavailable) when (attempt < 3 && _staleWrites > 0)
            {
                _retries++;
                retrying?.Invoke();
                Log($"   (attempt {attempt} failed: {unavailable.Message} Sent again.)");
            }
        }
    }
}
