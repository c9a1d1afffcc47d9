using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Snapshots;

namespace FestivalPos.Tests.Snapshots;

public sealed class OfflineSnapshotIndexTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Older_and_repeated_views_are_ignored_whatever_their_order()
    {
        var index = new OfflineSnapshotIndex(_clock);
        index.Apply(View("a", walletVersion: 3, balance: 30)).Should().BeTrue();

        index.Apply(View("a", walletVersion: 2, balance: 20)).Should().BeFalse();
        index.Apply(View("a", walletVersion: 3, balance: 30)).Should().BeFalse();

        index.Page(0, 10).Wallets.Should().ContainSingle().Which.Balance.Should().Be(30);
    }

    [Fact]
    public void A_newer_view_with_the_same_content_keeps_its_snapshot_version()
    {
        var index = new OfflineSnapshotIndex(_clock);
        index.Apply(View("a", walletVersion: 1, balance: 5));
        var first = index.Page(0, 10).Wallets.Single();

        index.Apply(View("a", walletVersion: 2, balance: 5)).Should().BeFalse();

        var kept = index.Page(0, 10).Wallets.Single();
        kept.SnapshotVersion.Should().Be(first.SnapshotVersion);
        kept.WalletVersion.Should().Be(2);
        index.Page(first.SnapshotVersion, 10).Wallets.Should().BeEmpty();
    }

    [Fact]
    public void Versions_keep_growing_when_the_clock_stands_still_or_goes_back()
    {
        var index = new OfflineSnapshotIndex(_clock);
        index.Apply(View("a", 1, 1));
        _clock.Now -= TimeSpan.FromHours(1);
        index.Apply(View("b", 1, 1));
        index.Apply(View("a", 2, 2));

        var views = index.Page(0, 10).Wallets;

        views.Select(v => v.WalletId).Should().Equal("b", "a");
        views.Select(v => v.SnapshotVersion).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        views[0].SnapshotVersion.Should().BeGreaterThan(_clock.Now.AddHours(1).UtcTicks);
    }

    [Fact]
    public void A_rebuilt_index_issues_versions_above_the_old_ones()
    {
        var old = new OfflineSnapshotIndex(_clock);
        old.Apply(View("a", 1, 1));
        var oldVersion = old.Page(0, 10).Version;
        _clock.Now += TimeSpan.FromMilliseconds(1);

        var rebuilt = new OfflineSnapshotIndex(_clock);
        rebuilt.Apply(View("a", 1, 1));

        rebuilt.Page(oldVersion, 10).Wallets.Should().ContainSingle().Which.SnapshotVersion.Should().BeGreaterThan(oldVersion);
    }

    [Fact]
    public void A_version_never_issued_here_gets_everything()
    {
        var index = new OfflineSnapshotIndex(_clock);
        index.Apply(View("a", 1, 1));

        var page = index.Page(_clock.Now.AddDays(1).UtcTicks, 10);

        page.Wallets.Should().ContainSingle();
        page.Version.Should().Be(page.Wallets[0].SnapshotVersion);
    }

    [Fact]
    public void Pages_are_clamped_and_an_unchanged_since_comes_back_as_it_was()
    {
        var index = new OfflineSnapshotIndex(_clock);
        for (var i = 0; i < OfflineSnapshotIndex.MaxSnapshotPageSize + 2; i++)
        {
            index.Apply(View($"w{i}", 1, i));
        }

        var first = index.Page(0, int.MaxValue);
        first.Wallets.Should().HaveCount(OfflineSnapshotIndex.MaxSnapshotPageSize);
        first.More.Should().BeTrue();
        var second = index.Page(first.Version, 0);
        second.Wallets.Should().ContainSingle().Which.WalletId.Should().Be($"w{OfflineSnapshotIndex.MaxSnapshotPageSize}");
        var last = index.Page(second.Version, 10);
        last.Wallets.Should().ContainSingle();
        last.More.Should().BeFalse();

        index.Page(last.Version, 10).Should().BeEquivalentTo(new OfflineSnapshot([], last.Version, false));
    }

    private static WalletOfflineView View(string walletId, long walletVersion, long balance) =>
        new(walletId, balance, WalletStatus.Active, ["uid-" + walletId], false, walletVersion, 0);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 7, 18, 21, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
