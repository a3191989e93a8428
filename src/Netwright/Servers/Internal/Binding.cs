using Netwright.Applications;
using Netwright.Transport;

namespace Netwright.Servers.Internal;

/// <summary>One endpoint of a server with what serves it, and once started, its bound socket.</summary>
internal sealed class Binding(NetEndPoint requested, IConnectionApplication? streamApplication, IDatagramApplication? datagramApplication, System.Net.Sockets.Socket? inherited = null)
{
    /// <summary>A socket bound by someone else (systemd socket activation) that this binding takes over instead of binding <see cref="Requested"/>.</summary>
    public System.Net.Sockets.Socket? Inherited { get; } = inherited;

    public NetEndPoint Requested { get; } = requested;

    public IConnectionApplication? StreamApplication { get; } = streamApplication;

    public IDatagramApplication? DatagramApplication { get; } = datagramApplication;

    public StreamListener? Listener { get; private set; }

    public DatagramChannel? Channel { get; private set; }

    public NetEndPoint? Bound { get; private set; }

    /// <summary>The metric tags of this endpoint, built once it is bound (each connection reuses them).</summary>
    public System.Diagnostics.TagList Tags { get; set; }

    /// <summary>The engine's datagram receiver, made when bound; the datagram loop drives and disposes it.</summary>
    public IDatagramReceiver? Receiver { get; private set; }

    public async Task BindAsync(SocketTransportOptions options, ReactorGroup? reactors, CancellationToken cancellationToken)
    {
        if (StreamApplication is not null)
        {
            Listener = Inherited is not null
                ? StreamListener.Adopt(Inherited, options, reactors)
                : await StreamListener.BindAsync(Requested, options, reactors, cancellationToken).ConfigureAwait(false);
            Bound = Listener.EndPoint;
        }
        else
        {
            if (options.Engine == TransportEngine.Epoll && !OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("the epoll transport engine runs only on Linux; use TransportEngine.Sockets");
            }

            Channel = Inherited is not null
                ? DatagramChannel.Adopt(Inherited)
                : await DatagramChannel.BindAsync(Requested, options, cancellationToken).ConfigureAwait(false);
            Bound = Channel.LocalEndPoint;
            Channel.GrowReceiveBuffer(options.DatagramReceiveBufferSize);
            Receiver = Channel.CreateReceiver(options, reactors);
        }
    }

    public async ValueTask UnbindAsync()
    {
        if (Listener is not null)
        {
            await Listener.UnbindAsync().ConfigureAwait(false);
        }

        // A datagram channel is closed by its own loop once the stop signal ends its receive.
    }

    /// <summary>Releases everything bound when the server fails to start (no loop ran, so nothing else will).</summary>
    public async ValueTask ReleaseAfterFailedStartAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        Receiver?.Dispose();
        if (Channel is not null)
        {
            await Channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
