using System.Net.Sockets;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>Unix stream sockets in a private temporary directory, removed on dispose.</summary>
public class UnixStreamTransport : StreamTransport
{
    private readonly LoopbackDirectory _directory = new();
    private int _next;

    public override string Name => "unix";

    /// <summary>Gets the private directory socket files go in.</summary>
    public LoopbackDirectory Directory => _directory;

    public override NetEndPoint CreateEndpoint() => NetEndPoint.Unix(_directory.File($"s{Interlocked.Increment(ref _next)}.sock"));

    public override Socket CreateClientSocket() => new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public override void Dispose()
    {
        _directory.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
