namespace FestivalPos.Wire;

/// <summary>The strings API.md gives statuses, reasons and credential types.</summary>
public static class WireNames
{
    public static class CredentialTypes
    {
        public const string Nfc = "nfc";

        /// <summary>A Secure Unique NFC message of an NTAG 424 DNA wristband (<see cref="Sun.SunMessage"/>).</summary>
        public const string NfcSun = "nfc-sun";
        public const string Pin = "pin";
        public const string Qr = "qr";
    }

    public static class ChargeStatus
    {
        public const string Approved = "approved";
        public const string Declined = "declined";
    }

    public static class DeclineReasons
    {
        public const string InsufficientFunds = "insufficientFunds";
        public const string WalletBlocked = "walletBlocked";
        public const string BadCredential = "badCredential";
        public const string WalletFlagged = "walletFlagged";
    }

    /// <summary>The <c>ledgerEpoch</c> of a ledger never restored from a backup (an addition to 1.1).</summary>
    public const string InitialLedgerEpoch = "0";

    public static class OfflineStatus
    {
        public const string Applied = "applied";
        public const string Duplicate = "duplicate";
        public const string Rejected = "rejected";
    }

    /// <summary>Offline refusals, in the order the server checks them (API.md 1.1).</summary>
    public static class OfflineReasons
    {
        public const string BadSignature = "badSignature";
        public const string DeviceRevoked = "deviceRevoked";
        public const string UnknownWallet = "unknownWallet";
        public const string Conflict = "conflict";
        public const string BadCredential = "badCredential";
        public const string CredentialReused = "credentialReused";
        public const string OverLimit = "overLimit";
    }

    public static class ReviewStatus
    {
        public const string Pending = "pending";
        public const string Approved = "approved";
        public const string Dismissed = "dismissed";
    }

    public static class WalletStatus
    {
        public const string Active = "active";
        public const string Blocked = "blocked";
    }

    public static class LineKinds
    {
        public const string Item = "item";
        public const string Deposit = "deposit";
        public const string Tip = "tip";
    }
}
