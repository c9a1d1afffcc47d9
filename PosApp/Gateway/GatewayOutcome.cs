namespace FestivalPos.PosApp.Gateway;

/// <summary>What became of one online charge request.</summary>
public enum OnlineOutcomeKind
{
    /// <summary>The gateway decided: approved or declined.</summary>
    Answered,

    /// <summary>404: the wallet does not exist; nothing was charged.</summary>
    WalletNotFound,

    /// <summary>The request never left the terminal (no connection, no token): nothing can have been charged.</summary>
    NotSent,

    /// <summary>Sent, but no answer (timeout, reset, 5xx): the server may or may not have charged.</summary>
    Unknown,

    /// <summary>Refused for a reason retrying will not fix (409, 400, 401 after a fresh token, 403).</summary>
    Refused,
}

public sealed record OnlineOutcome(OnlineOutcomeKind Kind, PaymentAnswer? Answer = null, string? Problem = null);

/// <summary>The gateway could not be reached or did not answer in time.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The gateway answered with an error that a retry will not fix.</summary>
public sealed class GatewayRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
