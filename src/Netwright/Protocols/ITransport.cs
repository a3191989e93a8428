using System.Net;

namespace Netwright.Protocols;

/// <summary>
/// What a <see cref="Protocol"/> uses to talk back: Twisted's <c>ITransport</c>. Writes never block; they
/// are buffered and sent when the current callback returns (or at once when written from elsewhere).
/// </summary>
/// <remarks>
/// Safe to call from any thread. Bytes written from other tasks (timers, broadcasts) are bounded by the
/// connection's write buffer limit: a peer that stops reading and lets more pile up is disconnected
/// rather than allowed to grow memory.
/// </remarks>
public interface ITransport
{
    /// <summary>Gets this side's address (<c>getHost()</c>).</summary>
    EndPoint? LocalEndPoint { get; }

    /// <summary>Gets the peer's address (<c>getPeer()</c>).</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the connection id used in logs.</summary>
    string ConnectionId { get; }

    /// <summary>Gets whether <see cref="LoseConnection"/> or <see cref="Abort"/> was called, or the peer went away (Twisted's <c>disconnecting</c>).</summary>
    bool IsClosing { get; }

    /// <summary>Queues bytes to send (<c>write</c>). Ignored once the transport is closing.</summary>
    /// <param name="data">The bytes; copied before the call returns.</param>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Queues text, encoded as UTF-8, to send.</summary>
    /// <param name="text">The text, sent as is (no line ending added).</param>
    void Write(string text);

    /// <summary>Closes the connection after everything written so far is sent (<c>loseConnection</c>); no more data is delivered.</summary>
    void LoseConnection();

    /// <summary>Closes the connection at once, dropping unsent bytes (<c>abortConnection</c>).</summary>
    void Abort();

    /// <summary>Stops delivering received data until <see cref="ResumeReading"/>; the peer is held back by TCP flow control (<c>pauseProducing</c>).</summary>
    void PauseReading();

    /// <summary>Delivers received data again (<c>resumeProducing</c>).</summary>
    void ResumeReading();

    /// <summary>
    /// Upgrades the connection to TLS as the server (STARTTLS, Twisted's <c>startTLS</c>): once the current callback
    /// returns, what it wrote is sent in plain text, the handshake runs, and the same protocol goes on over TLS.
    /// Call it from a callback, typically right after answering the peer's request to start TLS; nothing more
    /// buffered is delivered before the handshake. A failed handshake ends the connection with a
    /// <see cref="Errors.TlsHandshakeException"/> passed to <see cref="Protocol.OnConnectionLost"/>.
    /// </summary>
    /// <param name="options">The certificate and the rest.</param>
    /// <exception cref="InvalidOperationException">Called outside a callback, or TLS is already in use.</exception>
    void StartTls(Tls.TlsServerOptions options);

    /// <summary>Upgrades the connection to TLS as the client (STARTTLS), the same way as <see cref="StartTls(Tls.TlsServerOptions)"/>; from <see cref="Protocol.OnConnected"/> it gives a TLS client from the start.</summary>
    /// <param name="options">How to check the server, and the rest.</param>
    /// <param name="host">The server's name, for SNI and the certificate check, unless <see cref="Tls.TlsClientOptions.ServerName"/> is set.</param>
    /// <exception cref="InvalidOperationException">Called outside a callback, or TLS is already in use.</exception>
    void StartTls(Tls.TlsClientOptions options, string? host = null);
}
