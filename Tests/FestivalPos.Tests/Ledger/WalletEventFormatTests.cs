using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Tests.Ledger;

/// <summary>Stored events are a format like the wire: a charge keeps its JSON, with the QR token or SUN wristband read it used up.</summary>
public sealed class WalletEventFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 18, 21, 4, 5, TimeSpan.Zero);

    public static TheoryData<string, string> ChargeEvents => new()
    {
        { "uid", """{"type":"chargeApproved","txId":"d-1:17","deviceId":"d-1","seq":17,"amount":450,"fingerprint":"w-1|450|2026-07-18T21:04:05Z|Nfc|ZGlnZXN0","createdAt":"2026-07-18T21:04:05Z","offline":false,"balanceAfter":550,"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "sun", """{"type":"chargeApproved","txId":"d-1:17","deviceId":"d-1","seq":17,"amount":450,"fingerprint":"w-1|450|2026-07-18T21:04:05Z|NfcSun|ZGlnZXN0","createdAt":"2026-07-18T21:04:05Z","offline":true,"balanceAfter":550,"sunRead":{"uid":"04DE5F1EACC040","counter":61},"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
    };

    [Theory]
    [MemberData(nameof(ChargeEvents))]
    public void Charge_approved_keeps_its_stored_json(string credential, string json)
    {
        WalletEvent @event = credential == "uid"
            ? new ChargeApproved("d-1:17", "d-1", 17, 450, "w-1|450|2026-07-18T21:04:05Z|Nfc|ZGlnZXN0", "2026-07-18T21:04:05Z", false, 550, At)
            : new ChargeApproved("d-1:17", "d-1", 17, 450, "w-1|450|2026-07-18T21:04:05Z|NfcSun|ZGlnZXN0", "2026-07-18T21:04:05Z", true, 550, At,
                SunRead: new SunRead("04DE5F1EACC040", 61));

        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<WalletEvent>(json, LedgerJson.Options).Should().Be(@event);
    }
}
