namespace Netwright.Services.Files;

/// <summary>How a <see cref="FileTransferClient"/> connects and verifies.</summary>
public sealed class FileClientOptions
{
    /// <summary>Gets or sets the shared secret the server asks for; null for none. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets the hash that verifies each file. Default: <see cref="FileHashAlgorithm.Sha256"/>.</summary>
    public FileHashAlgorithm Algorithm { get; set; } = FileHashAlgorithm.Sha256;

    /// <summary>Gets or sets how long connecting may take. Default: 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the client waits for the next bytes from the server. Default: 30 s.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the TLS settings; null (the default) for a plain connection. The server must listen with TLS.</summary>
    public Tls.TlsClientOptions? Tls { get; set; }

    /// <summary>Gets or sets how many uploads are announced ahead of the one being sent, so small files need no round trip each. Default: 32.</summary>
    public int Window { get; set; } = 32;
}
