namespace Netwright.Protocols.Internal;

internal sealed partial class ProtocolRunner
{
    /// <summary>
    /// Flushes what was written outside a callback and waits until the output pipe has room: the back-pressure a
    /// library protocol that streams large data (a file) needs, like Twisted's producer/consumer pause.
    /// </summary>
    internal ValueTask DrainAsync() => FlushAsync();
}
