namespace Netwright.Cli;

/// <summary>
/// The process exit codes, documented in the README. Each failure class has its own code so
/// scripts can tell "nobody listening" from "no such host" without parsing text.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int BindFailed = 3;
    public const int ConnectionRefused = 4;
    public const int HostNotFound = 5;
    public const int TimedOut = 6;
    public const int ConnectionReset = 7;
    public const int UnknownService = 8;
    public const int VerificationFailed = 9;
    public const int TlsHandshakeFailed = 10;
    public const int CertificateRejected = 11;
    public const int NoSuchFile = 20;
    public const int Exists = 21;
    public const int NotAllowed = 22;
    public const int TooLarge = 23;
    public const int DiskFull = 24;
    public const int BadName = 25;
    public const int BadToken = 26;
    public const int Busy = 27;
    public const int Interrupted = 130;
}
