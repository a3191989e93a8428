using Netwright.Services.Files;

namespace Netwright.Cli.Commands.Files;

/// <summary>The file commands' failures: one line on stderr and the exit code the README's table gives each.</summary>
internal static class FileCommandErrors
{
    public static int Report(CliConsole console, Exception error)
    {
        if (error is FileTransferException transfer)
        {
            console.Error.WriteLine($"netwright: {transfer.Message}");
            return ExitCodeFor(transfer.Code);
        }

        if (error is UnauthorizedAccessException or IOException and not Errors.NetwrightException)
        {
            console.Error.WriteLine($"netwright: {error.Message}");
            return ExitCodes.Failure;
        }

        return CliErrors.Report(console, error);
    }

    public static bool IsReportable(Exception error) =>
        error is FileTransferException || CliErrors.IsUserFacing(error);

    public static int ExitCodeFor(FileErrorCode code) => code switch
    {
        FileErrorCode.NoSuchFile => ExitCodes.NoSuchFile,
        FileErrorCode.Exists => ExitCodes.Exists,
        FileErrorCode.NotAllowed => ExitCodes.NotAllowed,
        FileErrorCode.TooLarge => ExitCodes.TooLarge,
        FileErrorCode.DiskFull => ExitCodes.DiskFull,
        FileErrorCode.BadName => ExitCodes.BadName,
        FileErrorCode.BadToken => ExitCodes.BadToken,
        FileErrorCode.Busy => ExitCodes.Busy,
        FileErrorCode.BadHash => ExitCodes.VerificationFailed,
        _ => ExitCodes.Failure,
    };
}
