using System.Buffers;
using Netwright.Tls;

namespace Netwright.Protocols.Internal;

internal sealed partial class ProtocolRunner
{
    private object? _tlsRequest;
    private TlsConnection? _tls;
    private ArrayBufferWriter<byte>? _afterTls;

    public void StartTls(TlsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequestTls(options);
    }

    public void StartTls(TlsClientOptions options, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequestTls(new ClientRequest(options, host));
    }

    private void RequestTls(object request)
    {
        if (!IsInCallbackOnThisThread)
        {
            throw new InvalidOperationException("StartTls must be called from a protocol callback (OnConnected or a receive callback)");
        }

        if (_tls is not null || _tlsRequest is not null)
        {
            throw new InvalidOperationException($"connection {_connection.Id} already uses TLS");
        }

        lock (_writeLock)
        {
            _tlsRequest = request;
        }

        // Framing protocols stop delivering what is buffered: bytes after this request belong to the handshake.
        PauseReading();
    }

    /// <summary>After the callback that asked for TLS: sends its plain-text reply, runs the handshake, and reads and writes through TLS from then on.</summary>
    private async Task UpgradeIfRequestedAsync()
    {
        if (Volatile.Read(ref _tlsRequest) is not { } request || _closing)
        {
            return;
        }

        var tls = request is ClientRequest client
            ? await TlsConnection.AuthenticateAsClientAsync(_connection, client.Options, client.Host, _stopping).ConfigureAwait(false)
            : await TlsConnection.AuthenticateAsServerAsync(_connection, (TlsServerOptions)request, _time, _stopping).ConfigureAwait(false);
        lock (_writeLock)
        {
            _tlsRequest = null;
            _tls = tls;
            _connection = tls;
            _input = tls.Transport.Input;
            _output = tls.Transport.Output;
            if (_afterTls is { WrittenCount: > 0 } pending)
            {
                _output.Write(pending.WrittenSpan);
                _unflushed += pending.WrittenCount;
            }

            _afterTls = null;
        }

        await FlushAsync().ConfigureAwait(false);
        ResumeReading();
    }

    /// <summary>Closes an upgraded connection's TLS layer (close_notify, then FIN) before the plain connection is disposed.</summary>
    private async Task CloseTlsAsync()
    {
        if (_tls is { } tls)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record ClientRequest(TlsClientOptions Options, string? Host);
}
