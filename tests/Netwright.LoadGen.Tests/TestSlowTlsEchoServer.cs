using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;

namespace Netwright.LoadGen.Tests;

/// <summary>
/// A TLS echo server (a plain <see cref="SslStream"/>, not Netwright code) that answers each read only after a delay,
/// so echoes are always outstanding when the client stops sending; it records, for each connection, whether the
/// client's close_notify came while echoes were still owed.
/// </summary>
internal sealed class TestSlowTlsEchoServer : TestStreamServer
{
    private readonly X509Certificate2 _certificate;
    private readonly TimeSpan _echoDelay;
    private int _cleanEnds;
    private int _endsWithEchoesOwed;

    private TestSlowTlsEchoServer(Socket listener, X509Certificate2 certificate, TimeSpan echoDelay)
        : base(listener)
    {
        _certificate = certificate;
        _echoDelay = echoDelay;
    }

    /// <summary>Gets the connections whose close_notify arrived once everything had been echoed.</summary>
    public int CleanEnds => Volatile.Read(ref _cleanEnds);

    /// <summary>Gets the connections whose close_notify arrived while echoes were still owed.</summary>
    public int EndsWithEchoesOwed => Volatile.Read(ref _endsWithEchoesOwed);

    /// <summary>Gets the endpoint text for the bench command.</summary>
    public string TlsEndpointText => EndpointText.Replace("tcp://", "tls://", StringComparison.Ordinal);

    public static TestSlowTlsEchoServer Start(X509Certificate2 certificate, TimeSpan echoDelay)
    {
        var server = new TestSlowTlsEchoServer(ListenTcp(64), certificate, echoDelay);
        server.Start();
        return server;
    }

    protected override async Task ServeAsync(Socket connection)
    {
        await using var ssl = new SslStream(new NetworkStream(connection, ownsSocket: false));
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, Stopping);
        var pending = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        long received = 0;
        long echoed = 0;
        var echoing = EchoAsync(ssl, pending.Reader, count => Interlocked.Add(ref echoed, count));
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int count;
            try
            {
                count = await ssl.ReadAsync(buffer, Stopping);
            }
            catch (IOException)
            {
                return; // a reset, not a close_notify: nothing to record
            }

            if (count == 0)
            {
                // The client's close_notify (then its FIN): a client that waited for its echoes is owed nothing now.
                Interlocked.Increment(ref Interlocked.Read(ref echoed) == received ? ref _cleanEnds : ref _endsWithEchoesOwed);
                pending.Writer.Complete();
                await echoing;
                return;
            }

            received += count;
            pending.Writer.TryWrite(buffer.AsSpan(0, count).ToArray());
        }
    }

    private async Task EchoAsync(SslStream ssl, ChannelReader<byte[]> pending, Action<int> echoed)
    {
        try
        {
            await foreach (var chunk in pending.ReadAllAsync(Stopping))
            {
                await Task.Delay(_echoDelay, Stopping);
                await ssl.WriteAsync(chunk, Stopping);
                echoed(chunk.Length);
            }
        }
        catch (IOException)
        {
            // The client left without waiting for its echoes; the read loop has recorded or will record why.
        }
    }
}
