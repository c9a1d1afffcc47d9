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
        return ExitCode(result.Verdict);
    }

    public static int ExitCode(SaleVerdict verdict) => verdict switch
    {
        SaleVerdict.Approved => ExitCodes.Approved,
        SaleVerdict.Declined => ExitCodes.Declined,
        _ => ExitCodes.Unconfirmed,
    };

    public static async Task<SaleResult> SellAsync(Terminal terminal, CliArgs args, TextReader input)
    {
        var credential = await CredentialAsync(args, input);
        return await terminal.Cashier.SellAsync(await PriceAsync(terminal.Catalog, args, credential), args.Has("offline"));
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

    private static async Task<SaleRequest> PriceAsync(CatalogStore catalog, CliArgs args, Credential credential)
    {
        if (args.Long("amount") is { } amount)
        {
            return args.Has("item") || args.Has("tip") || args.Has("return-cups") ? throw new PosException(ExitCodes.Usage, "--amount sells by amount alone: --item, --tip and --return-cups do not go with it.")
                : amount > 0 ? new SaleRequest(args.Get("wallet"), credential, amount, $"amount:{amount}")
                : throw new PosException(ExitCodes.Usage, "--amount must be positive.");
        }

        var items = args.All("item");
        if (items.Count == 0 && !args.Has("return-cups"))
        {
            throw new PosException(ExitCodes.Usage, "Give what is sold: --item ITEM[:QTY] (repeatable) or --amount N.");
        }

        var tip = args.Get("tip");
        var order = new BasketOrder(
            [.. items.Select(item => Counted(item, "--item ITEM[:QTY]"))],
            [.. args.All("return-cups").Select(ReturnedCups)],
            tip is null ? null : args.Long("tip") is > 0 and var tipAmount ? tipAmount : throw new PosException(ExitCodes.Usage, $"--tip must be a positive amount, not '{tip}'."),
            args.Has("age-checked"));
        return await order.PriceAsync(catalog, args.Get("wallet"), credential, "sell again with --age-checked (or without the item)");
    }

    /// <summary>ITEM[:QTY], QTY 1 when left out.</summary>
    private static (string Id, int Quantity) Counted(string text, string form)
    {
        var parts = text.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], out var q) && q > 0 ? (parts[0], q)
            : parts.Length == 1 && parts[0].Length > 0 ? (parts[0], 1)
            : throw new PosException(ExitCodes.Usage, $"'{text}' is not {form}.");
    }

    /// <summary>[ITEM:]N: N cups of the item's deposit, or of the stand's one deposit when no item is named.</summary>
    private static (string? Id, int Cups) ReturnedCups(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 1 && int.TryParse(parts[0], out var n) && n > 0 ? (null, n)
            : parts.Length == 2 && int.TryParse(parts[1], out var m) && m > 0 ? (parts[0], m)
            : throw new PosException(ExitCodes.Usage, $"'{text}' is not --return-cups [ITEM:]N.");
    }
}
