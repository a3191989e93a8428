namespace HostedServer;

/// <summary>How many fortunes were told, across connections: a singleton the protocol gets from DI.</summary>
internal sealed class FortuneTally
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public long Next() => Interlocked.Increment(ref _count);
}
