using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Netwright.Tls.Internal;
using Netwright.Transport;

namespace Netwright.Tls;

/// <summary>
/// A TLS connection layered over any stream <see cref="Connection"/> (TCP or Unix): an <see cref="SslStream"/>
/// between the socket's pipes and the application's, so everything written for a plain connection runs on it unchanged.
/// </summary>
/// <remarks>
/// <para>Start here for TLS. Make one with <see cref="AuthenticateAsServerAsync(Connection, TlsServerOptions, CancellationToken)"/> or <see cref="AuthenticateAsClientAsync"/>
/// after the plain connection is up (which is also how STARTTLS works: talk in plain text, then upgrade). The
/// TLS connection owns the connection under it: <see cref="DisposeAsync"/> sends what is left, TLS's
/// close_notify and a FIN, then disposes the plain connection. Nothing may read or write the plain connection's
/// pipes once the handshake starts.</para>
/// <para>An idle TLS connection holds no buffer: reads wait with zero-byte reads and buffers are rented only
/// while bytes are in flight. <see cref="BytesReceived"/> and <see cref="BytesSent"/> count bytes on the wire,
/// TLS records included.</para>
/// </remarks>
public sealed partial class TlsConnection : Connection
{
    /// <summary>The size of the buffers decrypted bytes are read into: one TLS record's worth.</summary>
    private const int ReadBufferSize = 16 * 1024;

    private static readonly StreamPipeWriterOptions s_writerOptions = new(MemoryPool<byte>.Shared, minimumBufferSize: 4096, leaveOpen: true);
    private static readonly StreamPipeReaderOptions s_readerOptions = new(MemoryPool<byte>.Shared, bufferSize: ReadBufferSize, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true);

    private readonly Connection _inner;
    private readonly SslStream _ssl;
    private readonly PipeReader _input;
    private readonly TlsOutputWriter _output;
    private readonly IDuplexPipe _application;
    private readonly TlsReadGate _readGate = new();
    private int _disposed;

    private TlsConnection(Connection inner, SslStream ssl, PipeStream socketStream, string? serverName)
    {
        _inner = inner;
        _ssl = ssl;
        ServerName = serverName;
        socketStream.Gate = _readGate;
        _input = PipeReader.Create(new GatedReadStream(ssl, _readGate), s_readerOptions);
        _output = new TlsOutputWriter(PipeWriter.Create(ssl, s_writerOptions), ShutdownAsync);
        _application = new ApplicationPipe(_input, _output);
    }

    /// <summary>Gets the plain connection this one runs over.</summary>
    public Connection InnerConnection => _inner;

    /// <summary>Gets the TLS version agreed (for example <see cref="SslProtocols.Tls13"/>).</summary>
    public SslProtocols Protocol => _ssl.SslProtocol;

    /// <summary>Gets the cipher suite agreed (for example <c>TLS_AES_256_GCM_SHA384</c>).</summary>
    public TlsCipherSuite CipherSuite => _ssl.NegotiatedCipherSuite;

    /// <summary>Gets the application protocol agreed through ALPN, or null when none was.</summary>
    public string? ApplicationProtocol => _ssl.NegotiatedApplicationProtocol.Protocol.IsEmpty ? null : _ssl.NegotiatedApplicationProtocol.ToString();

    /// <summary>Gets the server name: on a server the name the client asked for (SNI, null if none), on a client the name checked.</summary>
    public string? ServerName { get; }

    /// <summary>Gets the peer's certificate: the server's on a client, the client's (mutual TLS) on a server, or null if it sent none.</summary>
    public X509Certificate2? RemoteCertificate => _ssl.RemoteCertificate as X509Certificate2;

    /// <inheritdoc/>
    public override string Id => _inner.Id;

    /// <inheritdoc/>
    public override TransportKind Kind => _inner.Kind;

    /// <summary>Gets the pipes of decrypted bytes: <see cref="IDuplexPipe.Input"/> holds what the peer sent, <see cref="IDuplexPipe.Output"/> takes what to encrypt and send.</summary>
    public override IDuplexPipe Transport => _application;

    /// <inheritdoc/>
    public override EndPoint? LocalEndPoint => _inner.LocalEndPoint;

    /// <inheritdoc/>
    public override EndPoint? RemoteEndPoint => _inner.RemoteEndPoint;

    /// <inheritdoc/>
    public override CancellationToken ConnectionClosed => _inner.ConnectionClosed;

    /// <inheritdoc/>
    public override long BytesReceived => _inner.BytesReceived;

    /// <inheritdoc/>
    public override long BytesSent => _inner.BytesSent;

    /// <inheritdoc/>
    public override void Abort(Exception? reason = null) => _inner.Abort(reason);

    /// <summary>Sends what the application wrote, then close_notify and a FIN, waits for the plain connection to close and releases the TLS state. Idempotent.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or AuthenticationException)
        {
            // The peer is gone or the connection was aborted: there is nobody left to say goodbye to.
            _inner.Abort(ex);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            await _inner.DisposeAsync().ConfigureAwait(false);
            // Last: the plain connection's pipes are complete, so no read or write can still be inside the SslStream.
            await _ssl.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ShutdownAsync(Exception? error)
    {
        try
        {
            if (error is null && !_inner.ConnectionClosed.IsCancellationRequested)
            {
                await _readGate.ShutdownAsync(SendCloseNotifyAsync).ConfigureAwait(false);
            }
        }
        finally
        {
            await _inner.Transport.Output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task SendCloseNotifyAsync()
    {
        try
        {
            await _ssl.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (IOException or ObjectDisposedException or OperationCanceledException))
        {
            // OpenSSL's own exception type is internal to .NET; callers handle a failed goodbye as an I/O error.
            throw new IOException($"the TLS close_notify could not be sent: {ex.Message}", ex);
        }
    }

    /// <summary>The application's view: decrypted input, output to encrypt.</summary>
    private sealed class ApplicationPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
