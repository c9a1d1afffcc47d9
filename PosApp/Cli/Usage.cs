namespace FestivalPos.PosApp.Cli;

public static class Usage
{
    public const string Text = """
        posapp: the FestivalPos terminal.

          posapp enroll   --gateway URL (--enrollment FILE | --device-id D --stand-id S --client-id C --client-secret X --signing-key K --snapshot-key S)
                          [--gateway-cert FILE] [--offline-max-per-wallet N] [--no-sync]
          posapp sell     [--wallet W] (--nfc UID | --nfc - | --pin PIN | --qr TOKEN) (--item ITEM[:QTY]... | --amount N) [--offline]
          posapp sync     [--watch] [--progress]
          posapp status   [--recent N]
          posapp catalog  [list | set ITEM PRICE [NAME] | remove ITEM | import FILE]
          posapp run      [--progress]  a cashier session: one 'sell ...' (or 'sync', 'status') per line on stdin, syncing in the background
          posapp simulate --gateway URL --organizer-id ID --organizer-secret S --topup-id ID --topup-secret S
                          [--terminals N] [--wallets N] [--seconds N] [--sales-per-second R] [--offline-every N] [--offline-for N]
                          [--seed N]   (prints a JSON summary last; every sale goes to DATA/sim-.../sales.jsonl)

        --progress prints 'progress sale|batch|settle ...' lines as a sale is written (before it is sent), a batch is
        sent, or an unanswered charge is asked again.

        Every command takes --data DIR (default $POSAPP_DATA or ./posapp-data). The store key is DIR/store.key
        (owner-only) or $POSAPP_STORE_KEY (base64 of 32 bytes). Amounts are minor units.

        Exit codes: 0 approved/ok, 1 failure, 2 declined, 3 unconfirmed (sync settles it; do not hand over goods),
        64 usage, 65 bad input, 69 not enrolled, 75 gateway unreachable (sync incomplete), 78 configuration.
        """;
}
