using FestivalPos.PosApp.Nfc;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Cli;

/// <summary><c>posapp sell</c>: one sale; prints the verdict line and exits 0 approved, 2 declined, 3 unconfirmed.</summary>
public static class SellCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, TextReader input)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        var result = await SellAsync(terminal, args, input);
        await output.WriteLineAsync(result.ToString());
        return ExitCode(result);
    }

    public static int ExitCode(SaleResult result) => result.Verdict switch
    {
        SaleVerdict.Approved => ExitCodes.Approved,
        SaleVerdict.Declined => ExitCodes.Declined,
        _ => ExitCodes.Unconfirmed,
    };

    public static async Task<SaleResult> SellAsync(Terminal terminal, CliArgs args, TextReader input)
    {
        var credential = await CredentialAsync(args, input);
        var (amount, items) = await PriceAsync(terminal.Catalog, args);
        return await terminal.Cashier.SellAsync(new SaleRequest(args.Get("wallet"), credential, amount, items), args.Has("offline"));
    }

    private static async Task<Credential> CredentialAsync(CliArgs args, TextReader input)
    {
        if (args.Get("nfc") is { } uid)
        {
            return new Credential(Credential.Nfc, uid == "-"
                ? await new KeyboardWedgeReader(input).ReadUidAsync() ?? throw new PosException(ExitCodes.BadInput, "The NFC reader closed without a uid.")
                : uid);
        }

        if (args.Get("nfc-sun") is { } sun)
        {
            return SunCredential(sun == "-"
                ? await new KeyboardWedgeReader(input).ReadLineAsync() ?? throw new PosException(ExitCodes.BadInput, "The NFC reader closed without a SUN message.")
                : sun);
        }

        if (args.Get("pin") is { } pin)
        {
            return new Credential(Credential.Pin, await PinAsync(pin, input));
        }

        return args.Get("qr") is { } qr ? new Credential(Credential.Qr, qr)
            : throw new PosException(ExitCodes.Usage, "Give a credential: --nfc UID, --nfc-sun MESSAGE (either with - to read it), --pin - (the PIN on stdin) or --qr TOKEN.");
    }

    /// <summary>The PIN, typed or piped on stdin: as an argument every user of the machine would see it (ps), and shell history would keep it.</summary>
    private static async Task<string> PinAsync(string pin, TextReader input)
    {
        if (pin != SecretInput.Stdin)
        {
            throw new PosException(ExitCodes.Usage, "A PIN in the arguments is visible to every user of this machine (ps) and stays in shell history: give --pin - and the PIN on stdin.");
        }

        return (await input.ReadLineAsync())?.Trim() is { Length: > 0 } entered ? entered : throw new PosException(ExitCodes.BadInput, "No PIN on stdin.");
    }

    private static Credential SunCredential(string message) =>
        Wire.Sun.SunMessage.TryParse(message, out _)
            ? new Credential(Credential.NfcSun, message)
            : throw new PosException(ExitCodes.BadInput, $"'{message}' is not a SUN message {Wire.Sun.SunMessage.Format}.");

    private static async Task<(long Amount, string Items)> PriceAsync(CatalogStore catalog, CliArgs args)
    {
        if (args.Long("amount") is { } amount)
        {
            return amount > 0 ? (amount, $"amount:{amount}") : throw new PosException(ExitCodes.Usage, "--amount must be positive.");
        }

        if (args.All("item") is not { Count: > 0 } items)
        {
            throw new PosException(ExitCodes.Usage, "Give what is sold: --item ITEM[:QTY] (repeatable) or --amount N.");
        }

        long total = 0;
        foreach (var item in items)
        {
            var parts = item.Split(':');
            var quantity = parts.Length == 2 && int.TryParse(parts[1], out var q) && q > 0 ? q
                : parts.Length == 1 ? 1
                : throw new PosException(ExitCodes.Usage, $"'{item}' is not ITEM[:QTY].");
            var entry = await catalog.FindAsync(parts[0]) ?? throw new PosException(ExitCodes.BadInput, $"'{parts[0]}' is not in the catalog (see 'posapp catalog').");
            total = checked(total + (entry.Price * quantity));
        }

        return (total, string.Join(',', items));
    }
}
