namespace FestivalPos.PosApp;

/// <summary>Process exit codes of the CLI, for scripts.</summary>
public static class ExitCodes
{
    public const int Approved = 0;
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Declined = 2;
    public const int Unconfirmed = 3;
    public const int Usage = 64;
    public const int BadInput = 65;
    public const int NotEnrolled = 69;
    public const int Unreachable = 75;
    public const int Config = 78;
}

/// <summary>An error meant for the person at the terminal, with the exit code it ends the process with.</summary>
public sealed class PosException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
