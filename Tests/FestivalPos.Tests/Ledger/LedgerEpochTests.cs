using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Restores;
using FestivalPos.Silo;
using Microsoft.Data.Sqlite;

namespace FestivalPos.Tests.Ledger;

/// <summary><c>start-ledger-epoch</c> (and <c>restore-ledger</c>, which ends with it) names a new epoch every time, in a stream that verifies.</summary>
public sealed partial class LedgerEpochTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"festivalpos-epoch-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_start_names_a_new_epoch_and_the_ledger_still_verifies()
    {
        var first = await RunAsync(StartLedgerEpochCommand.Name);
        var second = await RunAsync(StartLedgerEpochCommand.Name);

        first.ExitCode.Should().Be(0, first.Output);
        second.ExitCode.Should().Be(0, second.Output);
        Epoch(first.Output).Should().NotBe("0").And.NotBe(Epoch(second.Output));
        var verify = await RunAsync(VerifyLedgerCommand.Name);
        verify.ExitCode.Should().Be(0, verify.Output);
        verify.Output.Should().Contain("ledger verified: 1 streams, 2 events, 0 broken");
        var stored = StoredEvents();
        stored.Should().HaveCount(2);
        stored[^1]["epoch"]!.GetValue<string>().Should().Be(Epoch(second.Output));
    }

    [Fact]
    public void A_restore_keeps_its_stored_json()
    {
        const string json = """{"epoch":"23e662385a8f48b7a213d877b7e1422f","source":"drill.db","recordedAt":"2026-07-18T21:04:05+00:00"}""";
        var restored = new LedgerRestored("23e662385a8f48b7a213d877b7e1422f", "drill.db", new DateTimeOffset(2026, 7, 18, 21, 4, 5, TimeSpan.Zero));

        JsonSerializer.Serialize(restored, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<LedgerRestored>(json, LedgerJson.Options).Should().Be(restored);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        using var output = new StringWriter();
        var exitCode = await LedgerCommands.RunAsync(command,
        [
            "--Ledger:Storage:Provider=Sqlite", $"--Ledger:Storage:Sqlite:Path={Path.Combine(_directory, "ledger.db")}",
            "--Keys:Provider=File", $"--Keys:FilePath={Path.Combine(_directory, "master.key")}",
        ], output);
        return (exitCode, output.ToString());
    }

    private List<JsonObject> StoredEvents()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "ledger.db"), Pooling = false }.ToString());
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM ledger_events WHERE stream_id = 'ledger/restores' ORDER BY version";
        using var reader = read.ExecuteReader();
        var events = new List<JsonObject>();
        while (reader.Read())
        {
            events.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
        }

        return events;
    }

    private static string Epoch(string output) => EpochLine().Match(output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"No epoch in: {output}");

    [GeneratedRegex(@"ledger epoch ([0-9a-f]{32}): ")]
    private static partial Regex EpochLine();
}
