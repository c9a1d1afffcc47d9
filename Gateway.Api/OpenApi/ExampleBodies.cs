namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>An example request body and success answer of one operation, as API.md shows them.</summary>
public sealed record ExampleBody(string? Request, string? Answer);

/// <summary>
/// Example bodies keyed by endpoint name, written for API 1.1. A property the operation's schema does not
/// declare (yet) is left out of the document, so the examples always validate against the schemas.
/// </summary>
public static class ExampleBodies
{
    public static IReadOnlyDictionary<string, ExampleBody> ByEndpointName { get; } = new Dictionary<string, ExampleBody>
    {
        ["IssueToken"] = new(
            """{"clientId":"device-bar-1-t1","clientSecret":"kq0Vb0y8fW3jH1nL5pZr2sT6uX9cA4dE"}""",
            """{"accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXZpY2UtYmFyLTEtdDEifQ.c2lnbmF0dXJl","tokenType":"Bearer","expiresIn":900}"""),
        ["RotateSigningKey"] = new(null, """{"kid":"3f9a0c6e1b7d2458","previousKid":"a41e9d07c3b65f28"}"""),
        ["EnrollDevice"] = new(
            """{"deviceId":"bar-1-t1","standId":"bar-1","offlineMaxPerWallet":5000}""",
            """
            {"deviceId":"bar-1-t1","standId":"bar-1","clientId":"device-bar-1-t1","clientSecret":"kq0Vb0y8fW3jH1nL5pZr2sT6uX9cA4dE",
             "signingKey":"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=","snapshotKey":"3q2+7wAAAAAREiIzRFVmd4iZqrvM3e7/ABEiM0RVZnc=","offlineMaxPerWallet":5000}
            """),
        ["RotateClientSecret"] = new(null, """{"clientId":"topup-psp","clientSecret":"Yl3d0Qk8rT2vN6xB1mZ5sW9cF4hJ7pL0aE3gU6iO2qK"}"""),
        ["GetDevice"] = new(null, """{"deviceId":"bar-1-t1","standId":"bar-1","status":"active","ackedThrough":17,"gaps":[19,20],"ledgerEpoch":"0"}"""),
        ["CreateWallet"] = new("""{"walletId":"w-123"}""", """{"walletId":"w-123","balance":0,"status":"active"}"""),
        ["LinkWristband"] = new("""{"uid":"04A1B2C3D4E5F6"}""", null),
        ["SetPin"] = new("""{"pin":"1234"}""", null),
        ["IssueQrToken"] = new(null, """{"token":"eyJ3YWxsZXRJZCI6InctMTIzIiwiZXhwIjoxNzg0NDA4MzA1fQ.MEUCIQC9","expiresAt":"2026-07-18T21:05:05+00:00"}"""),
        ["IssueAttendeeCode"] = new(null, """{"walletId":"w-123","code":"7KQM-X2RD-HN4P"}"""),
        ["GetWallet"] = new(null, """{"walletId":"w-123","balance":550,"status":"active","flags":[],"version":7}"""),
        ["GetWalletTransactions"] = new(null, """
            {"entries":[
              {"position":1,"kind":"topup","amount":1000,"balanceAfter":1000,"txId":"psp-8812","deviceId":null,"seq":null,"createdAt":null,"recordedAt":"2026-07-18T20:58:11.402+00:00","hash":"9f2c1e0b7a4d3c5e6f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6"},
              {"position":2,"kind":"charge","amount":-450,"balanceAfter":550,"txId":"bar-1-t1:17","deviceId":"bar-1-t1","seq":17,"createdAt":"2026-07-18T21:04:05Z","recordedAt":"2026-07-18T21:04:05.318+00:00","hash":"1b2c3d4e5f60718293a4b5c6d7e8f9011b2c3d4e5f60718293a4b5c6d7e8f901"}],
             "next":null}
            """),
        ["GetSunWristbandKeys"] = new(
            """{"uids":["04DE5F1EACC040","041E3C8A2D6B80"]}""",
            """{"keys":[{"uid":"04DE5F1EACC040","key":"3A5F0C9D2B7E41A8C6D0F1E2B3A49587"},{"uid":"041E3C8A2D6B80","key":"9C2E4B7A1D0F36E5A8B7C6D5E4F30211"}]}"""),
        ["Refund"] = new("""{"refundId":"r-77","walletId":"w-123","txId":"bar-7:18","amount":300}""", """{"refundId":"r-77","status":"applied","balance":1300,"refundable":200}"""),
        ["RefundOwnSale"] = new("""{"refundId":"bar-7-r1","walletId":"w-123","txId":"bar-7:18","amount":500}""", """{"refundId":"bar-7-r1","status":"applied","balance":1500,"refundable":0}"""),
        ["ListStands"] = new(null, """{"stands":[{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}]}"""),
        ["DefineStand"] = new("""{"name":"Main stage bar","vendorId":"v-drinks"}""", """{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}"""),
        ["GetStand"] = new(null, """{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}"""),
        ["SetCatalogItem"] = new("""{"name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18}""", """{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}"""),
        ["RemoveCatalogItem"] = new(null, """{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}"""),
        ["GetDeviceCatalog"] = new(null, """{"standId":"bar-1","name":"Main stage bar","vendorId":"v-drinks","version":3,"items":[{"itemId":"beer-05","name":"Beer 0.5 l","price":650,"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18},{"itemId":"water","name":"Water 0.5 l","price":300,"vatRate":9,"category":"drinks","deposit":0,"minimumAge":0}]}"""),
        ["SetHolderData"] = new(
            """{"name":"Ana Lopez","email":"ana@example.org","iban":"DE89 3704 0044 0532 0130 00"}""",
            """{"walletId":"w-123","name":"Ana Lopez","email":"ana@example.org","iban":"DE89370400440532013000","changedAt":"2026-07-21T09:12:00+00:00","erasedAt":null}"""),
        ["GetHolderData"] = new(null, """{"walletId":"w-123","name":"Ana Lopez","email":"ana@example.org","iban":"DE89370400440532013000","changedAt":"2026-07-21T09:12:00+00:00","erasedAt":null}"""),
        ["EraseHolderData"] = new(null, """{"walletId":"w-123","name":null,"email":null,"iban":null,"changedAt":"2026-08-30T10:00:00+00:00","erasedAt":"2026-08-30T10:00:00+00:00"}"""),
        ["RequestCashOut"] = new(null, """{"walletId":"w-123","status":"requested","balance":1300,"fee":200,"requestedAt":"2026-07-21T09:13:00+00:00"}"""),
        ["CreatePayoutBatch"] = new(
            """{"batchId":"payout-2026-07-22"}""",
            """{"batchId":"payout-2026-07-22","createdAt":"2026-07-22T08:00:00+00:00","totalAmount":1100,"payouts":[{"payoutId":"payout-2026-07-22:w-123","walletId":"w-123","amount":1100,"fee":200,"status":"pending","reason":null,"confirmedAt":null,"name":null,"iban":null,"email":null}]}"""),
        ["GetPayoutBatch"] = new(null,
            """{"batchId":"payout-2026-07-22","createdAt":"2026-07-22T08:00:00+00:00","totalAmount":1100,"payouts":[{"payoutId":"payout-2026-07-22:w-123","walletId":"w-123","amount":1100,"fee":200,"status":"pending","reason":null,"confirmedAt":null,"name":"Ana Lopez","iban":"DE89370400440532013000","email":"ana@example.org"}]}"""),
        ["TopUp"] = new("""{"topupId":"psp-8812","walletId":"w-123","amount":1000}""", """{"topupId":"psp-8812","status":"applied","balance":1000}"""),
        ["Charge"] = new(
            """
            {"seq":17,"walletId":"w-123","amount":1500,"credential":{"type":"nfc","value":"04A1B2C3D4E5F6"},"createdAt":"2026-07-18T21:04:05Z",
             "lines":[{"kind":"item","itemId":"beer-05","quantity":2,"unitPrice":650},{"kind":"deposit","itemId":"cup","quantity":1,"unitPrice":200}]}
            """,
            """{"txId":"bar-1-t1:17","status":"approved","reason":null,"balance":3500}"""),
        ["SyncBatch"] = new(
            """
            {"transactions":[{"seq":18,"walletId":"w-123","amount":300,"createdAt":"2026-07-18T21:10:00Z",
              "credential":{"type":"nfc","value":"04A1B2C3D4E5F6"},"signature":"0Kq7l3mJ9c2ZyM0r0fJmQ2l4n6p8r0t2v4x6z8B0D2E="}]}
            """,
            """{"results":[{"seq":18,"status":"applied","reason":null}],"ackedThrough":18,"ledgerEpoch":"0"}"""),
        ["GetOfflineSnapshot"] = new(null, """
            {"wallets":[{"walletId":"w-123","balance":550,"status":"active","uidDigests":["2jmj7l5rSw0yVb/vlWAYkK/YBwk3Jq9K1bUeH7+7Y0w="],
              "uids":["04A1B2C3D4E5F6"],"pin":null,"pinLocked":false}],
             "blocked":[],"version":638884542450000000,"more":false,"wristbandCredential":"nfc",
             "qrPublicKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEx2b4ZK8u8Lz0v7Yk3o1Qx7sH3m1GvJkq2w9XoYc4pR0nT5bL6sV8dF1gH2jK3lM4nO5pQ6rS7tU8vW9xY0zA1w=="}
            """),
        ["ListReview"] = new(null, """
            {"entries":[{"position":1,"reviewId":"bar-1-t1:18","deviceId":"bar-1-t1","seq":18,"walletId":"w-123","amount":300,
              "createdAt":"2026-07-18T21:10:00Z","reason":"overLimit","status":"pending"}],
             "next":null}
            """),
        ["GetSettlement"] = new(null, """{"by":"stand","day":"2026-07-18","rows":[{"key":"bar-1","charges":412,"grossSales":268400,"refunds":1300,"netSales":267100,"itemSales":231000,"deposits":33400,"tips":4000,"unitemized":0,"unknownVatItems":0,"vat":[{"rate":9,"gross":21000,"vat":1734},{"rate":21,"gross":210000,"vat":36446}],"offlineSales":40260,"offlineShare":0.15,"reviewOpenAmount":650}],"totals":{"key":"total","charges":412,"grossSales":268400,"refunds":1300,"netSales":267100,"itemSales":231000,"deposits":33400,"tips":4000,"unitemized":0,"unknownVatItems":0,"vat":[{"rate":9,"gross":21000,"vat":1734},{"rate":21,"gross":210000,"vat":36446}],"offlineSales":40260,"offlineShare":0.15,"reviewOpenAmount":650},"days":["2026-07-17","2026-07-18"],"throughPosition":48211}"""),
        ["GetSalesReport"] = new(null, """
            {"standId":"bar-1","from":"2026-07-18T21:00:00Z","to":"2026-07-18T22:00:00Z",
             "minutes":[{"minute":"2026-07-18T21:04:00Z","count":12,"amount":5400,"items":[{"itemId":"beer-05","quantity":7,"amount":4550},{"itemId":"water","quantity":2,"amount":600}]},
                        {"minute":"2026-07-18T21:05:00Z","count":9,"amount":3850,"items":[]}],
             "throughPosition":48211}
            """),
        ["GetExposureReport"] = new(null, """
            {"outstandingBalance":18250400,"overdrawnWallets":14,"overdrawnAmount":23100,"reviewOpenCount":3,"reviewOpenAmount":7200,"throughPosition":48211}
            """),
        ["GetDevicesReport"] = new(null, """
            {"devices":[{"deviceId":"bar-1-t1","standId":"bar-1","status":"active","lastSeenAt":"2026-07-18T21:10:02Z",
              "ackedThrough":17,"highestSeq":20,"gaps":2,"offlineCharges":5}],
             "throughPosition":48211}
            """),
        ["GetAnomaliesReport"] = new(null, """
            {"anomalies":[
              {"kind":"walletAtManyStands","deviceId":null,"standId":null,"walletId":"w-123","at":"2026-07-18T21:10:40Z","lastAt":"2026-07-18T21:10:52Z",
               "observed":4,"threshold":3,"usual":null,"windowSeconds":60,"position":48190},
              {"kind":"offlineAboveUsual","deviceId":"bar-1-t1","standId":"bar-1","walletId":"w-456","at":"2026-07-18T21:08:00Z","lastAt":"2026-07-18T21:08:00Z",
               "observed":9000,"threshold":2250,"usual":450,"windowSeconds":null,"position":48102},
              {"kind":"wrongPins","deviceId":"food-2-t3","standId":"food-2","walletId":null,"at":"2026-07-18T21:02:11Z","lastAt":"2026-07-18T21:05:40Z",
               "observed":12,"threshold":10,"usual":null,"windowSeconds":600,"position":47650}],
             "raised":3,"throughPosition":48211}
            """),
    };
}
