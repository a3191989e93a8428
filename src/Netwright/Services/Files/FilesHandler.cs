using Microsoft.Extensions.Logging;
using Netwright.Servers;
using Netwright.Services.Files.Internal;
using Netwright.Streams;
using Netwright.Transport;

namespace Netwright.Services.Files;

/// <summary>The file server in the handler style: one <see cref="StreamSession"/> per client, served by the shared protocol core.</summary>
internal sealed class FilesHandler : ConnectionHandler
{
    private readonly FileServerState _state;
    private readonly ILogger _logger;

    public FilesHandler(FileServerState state, ILogger logger)
    {
        _state = state;
        _logger = logger;
    }

    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        using var channel = new FrameChannel(session.Input, session.Output, _state.Options.StallTimeout, cancellationToken);
        using var core = new FileServerSession(_state, channel, _logger, NetEndPoint.Format(session.RemoteEndPoint));
        await core.RunAsync().ConfigureAwait(false);
    }
}
