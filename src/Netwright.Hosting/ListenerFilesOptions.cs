namespace Netwright.Hosting;

/// <summary>
/// The <c>"Files"</c> of a listener whose <c>Service</c> is <c>files</c>: the folder it serves and the rules, as
/// <c>netwright serve files</c> takes them on the command line.
/// </summary>
/// <remarks>
/// <code>
/// { "Endpoint": "tcp://0.0.0.0:9021", "Service": "files",
///   "Files": { "Root": "/srv/drop", "Token": "s3cret", "MaxFileSize": 10000000000, "AllowOverwrite": true } }
/// </code>
/// </remarks>
public sealed class ListenerFilesOptions
{
    /// <summary>Gets or sets the folder to serve; it must exist. Names never leave it. Required.</summary>
    public string? Root { get; set; }

    /// <summary>Gets or sets the shared secret clients must present; null for none.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets the largest file accepted, in bytes; null for no limit.</summary>
    public long? MaxFileSize { get; set; }

    /// <summary>Gets or sets a value indicating whether uploads may replace existing files. Default: false.</summary>
    public bool AllowOverwrite { get; set; }

    /// <summary>Gets or sets a value indicating whether clients may delete files. Default: false.</summary>
    public bool AllowDelete { get; set; }

    /// <summary>Gets or sets a value indicating whether uploads and deletes are refused. Default: false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets how long a silent client is waited for. Default: 30 seconds.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
