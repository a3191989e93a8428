namespace Netwright.Hosting;

/// <summary>The <c>"Limits"</c> of the <c>"Netwright"</c> section; defaults are the library's.</summary>
public sealed class LimitOptions
{
    /// <summary>Gets or sets the most connections open at once across all listeners. Reloads while running. Default: 10,000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Gets or sets the longest line, in bytes, that line-based services accept. Default: 16,384.</summary>
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>Gets or sets the most unread bytes buffered per connection before reading pauses. Default: 65,536.</summary>
    public long MaxReadBufferSize { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the most unsent bytes buffered per connection before writers wait. Default: 65,536.</summary>
    public long MaxWriteBufferSize { get; set; } = 64 * 1024;
}
