using System.Net.Security;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// TLS for the generator's stream connections (a <c>tls://</c> target): an <see cref="SslStream"/> over each
/// connected socket, with the checks the command line asked for.
/// </summary>
/// <param name="CreateOptions">Makes the settings for one handshake (server name, trust, pinning).</param>
internal sealed record BenchTls(Func<SslClientAuthenticationOptions> CreateOptions)
{
    /// <summary>Runs the client handshake over <paramref name="socket"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    /// <returns>The TLS stream, which owns the socket.</returns>
    public async Task<SslStream> HandshakeAsync(Socket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await stream.AuthenticateAsClientAsync(CreateOptions(), deadline.Token).ConfigureAwait(false);
            return stream;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException(FormattableString.Invariant($"no TLS handshake within {timeout.TotalSeconds:0.###} s"));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
