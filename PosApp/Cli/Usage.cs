namespace FestivalPos.PosApp.Cli;

public static class Usage
{
    public const string Text = """
        posapp: the FestivalPos terminal.

          posapp enroll   --enrollment FILE [--gateway URL] [--gateway-cert FILE] [--offline-max-per-wallet N] [--no-sync]
                          FILE: what POST /api/v1/devices answered (owner-only; - reads it from stdin)
          posapp sell     [--wallet W] (--nfc UID | --nfc - | --nfc-sun MESSAGE | --nfc-sun - | --pin - | --qr TOKEN)
                          (--item ITEM[:QTY]... [--return-cups [ITEM:]N] [--tip N] [--age-checked] | --amount N) [--offline]
                          --pin -: the PIN on the next line of stdin; --age-checked: the buyer's ID was checked (needed
                          for an item with a minimum age)
          posapp refund   --seq N [--amount A | --cups K] [--refund-id ID]   online only; default: what is left of the sale
          posapp sync     [--watch] [--progress]
          posapp status   [--recent N]
          posapp catalog  [list | set ITEM PRICE [NAME] | remove ITEM | import FILE]   (set, remove, import: only at a stand
                          the organizer has not defined; a defined stand's catalog comes with the snapshot)
          posapp run      [--progress]  a cashier session: one 'sell ...' (or 'refund ...', 'sync', 'status') per line on stdin,
                          syncing in the background; a line written wrong answers 'error: ...' and the session goes on
          posapp screen   [--port N]    the cashier's touch screen on http://127.0.0.1:N/ (default 5080, 0: a free port),
                          selling online or offline and syncing in the background until Ctrl+C
          posapp simulate --gateway URL --organizer-id ID --organizer-secret-file FILE --topup-id ID --topup-secret-file FILE
                          [--terminals N] [--wallets N] [--seconds N] [--sales-per-second R] [--offline-every N] [--offline-for N]
                          [--stands N] [--refund-every N] [--seed N]   (refunds every Nth sale approved online, default 5, 0 none;
                          prints a JSON summary last; every sale and refund goes to DATA/sim-.../sales.jsonl)

        --nfc-sun takes a SUN wristband's message as UID:COUNTER:MAC (14, 6 and 16 upper-case hex digits, as the
        tag mirrors them), e.g. 04DE5F1EACC040:00003D:94EED9EE65337086.

        --progress prints 'progress sale|batch|settle ...' lines as a sale is written (before it is sent), a batch is
        sent, or an unanswered charge is asked again.

        Secrets are never arguments, which every user of the machine can see: a secret FILE holds just the secret (a
        trailing newline is dropped) and must be readable by you only (chmod 600); - reads it from a line of stdin.

        Every command takes --data DIR (default $POSAPP_DATA or ./posapp-data). The store key is DIR/store.key
        (owner-only) or $POSAPP_STORE_KEY (base64 of 32 bytes). Amounts are minor units. Settled sales stay
        $POSAPP_RETENTION_HOURS (default 24) after the server's cursor passed them, to be sent again if the ledger is restored.

        Exit codes: 0 approved/refunded/ok, 1 failure, 2 declined/refused, 3 unconfirmed (sync settles it; do not hand over goods),
        64 usage, 65 bad input, 69 not enrolled, 75 gateway unreachable (sync incomplete), 78 configuration.
        """;
}
