using System.Net.Security;
using Netwright.Tls.Internal;
using Netwright.Transport;

namespace Netwright.Tls;

public sealed partial class TlsConnection
{
    /// <summary>
    /// Runs one side's handshake over <paramref name="connection"/> within <paramref name="timeout"/>; on failure
    /// aborts the connection and throws a <see cref="Errors.TlsHandshakeException"/> that says what happened.
    /// </summary>
    private static async Task<TlsConnection> HandshakeAsync(
        Connection connection,
        bool client,
        TimeSpan timeout,
        TimeProvider time,
        Func<SslStream, CancellationToken, Task> authenticate,
        Func<string?> rejection,
        Func<SslStream, string?> serverName,
        CancellationToken cancellationToken)
    {
        var stream = new PipeStream(connection.Transport);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        // On the server's clock, so a test's fake clock decides when a silent peer's handshake runs out.
        using var expiry = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ConnectionClosed, expiry?.Token ?? CancellationToken.None);

        try
        {
            await authenticate(ssl, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = TlsErrors.Describe(ex, stream, client, NetEndPoint.Format(connection.RemoteEndPoint), timeout, rejection());
            connection.Abort(error);
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
        catch
        {
            connection.Abort();
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TlsConnection(connection, ssl, stream, serverName(ssl));
    }
}
