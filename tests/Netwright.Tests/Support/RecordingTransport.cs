using System.Net;
using System.Text;
using Netwright.Protocols;

namespace Netwright.Tests.Support;

/// <summary>An <see cref="ITransport"/> that records what a protocol does with it (Twisted's <c>StringTransport</c>).</summary>
internal sealed class RecordingTransport : ITransport
{
    private readonly MemoryStream _written = new();

    public EndPoint? LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7000);

    public EndPoint? RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

    public string ConnectionId => "r1";

    public bool IsClosing { get; private set; }

    public bool LostConnection { get; private set; }

    public bool Aborted { get; private set; }

    public bool Paused { get; private set; }

    public byte[] Written => _written.ToArray();

    public string WrittenText => Encoding.UTF8.GetString(_written.ToArray());

    public void Write(ReadOnlySpan<byte> data)
    {
        if (!IsClosing)
        {
            _written.Write(data);
        }
    }

    public void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public void LoseConnection()
    {
        LostConnection = true;
        IsClosing = true;
    }

    public void Abort()
    {
        Aborted = true;
        IsClosing = true;
    }

    public void PauseReading() => Paused = true;

    public void ResumeReading() => Paused = false;

    /// <summary>Gets the options of the last StartTls call (server or client), or null.</summary>
    public object? TlsRequested { get; private set; }

    public void StartTls(Netwright.Tls.TlsServerOptions options) => TlsRequested = options;

    public void StartTls(Netwright.Tls.TlsClientOptions options, string? host = null) => TlsRequested = options;
}
