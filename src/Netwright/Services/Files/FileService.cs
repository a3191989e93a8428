using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Applications;
using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Services.Files.Internal;

namespace Netwright.Services.Files;

/// <summary>
/// The file-transfer service: send and fetch files and folder trees, resumable and verified end to end
/// (docs/protocols/files.md). Host it with <c>server.Listen(endpoint, FileService.CreateStreamApplication(options, style))</c>;
/// talk to it with <see cref="FileTransferClient"/>.
/// </summary>
/// <remarks>
/// Start here for files. Both styles run one protocol core, so they behave the same. Names never leave
/// <see cref="FileServerOptions.Root"/>; a file becomes visible under its name only once its hash matched, it was
/// flushed to disk and renamed; an interrupted upload leaves a hidden temporary file that the next attempt resumes.
/// </remarks>
public static class FileService
{
    /// <summary>The port <c>netwright serve files</c> uses when none is given.</summary>
    public const int DefaultPort = 9021;

    /// <summary>Creates what serves file clients on stream listeners (TCP, Unix).</summary>
    /// <param name="options">The folder and the rules; read once, here.</param>
    /// <param name="style">The programming style; both behave the same.</param>
    /// <param name="loggerFactory">Where uploads, downloads and refusals are logged; null for none.</param>
    /// <returns>A new application; every connection it serves shares one set of write locks.</returns>
    /// <exception cref="ArgumentException">The root is empty or an option is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static IConnectionApplication CreateStreamApplication(FileServerOptions options, ServiceStyle style, ILoggerFactory? loggerFactory = null)
    {
        var state = new FileServerState(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Netwright.Services.Files");
        return style == ServiceStyle.Handler
            ? new FilesHandler(state, logger)
            : ProtocolFactory.Create(_ => new FilesProtocol(state, logger));
    }
}
