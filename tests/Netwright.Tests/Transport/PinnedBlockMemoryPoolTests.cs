using Netwright.Transport.Internal;

namespace Netwright.Tests.Transport;

public sealed class PinnedBlockMemoryPoolTests
{
    [Fact]
    public void ABlockIsFourKibibytesAndComesBackToThePoolWhenDisposed()
    {
        using var pool = new PinnedBlockMemoryPool(Timeout.InfiniteTimeSpan);
        var block = pool.Rent();
        Assert.Equal(PinnedBlockMemoryPool.BlockSize, block.Memory.Length);
        block.Dispose();
        Assert.Equal(1, pool.FreeCount);
        using var again = pool.Rent();
        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void ARequestLargerThanABlockIsRefused()
    {
        using var pool = new PinnedBlockMemoryPool(Timeout.InfiniteTimeSpan);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(PinnedBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void BlocksAreOnThePinnedHeapSoPinningThemCostsNoHandle()
    {
        using var pool = new PinnedBlockMemoryPool(Timeout.InfiniteTimeSpan);
        using var block = pool.Rent();
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment));
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(segment.Array!));
    }

    [Fact]
    public void AfterABurstEvictionKeepsOnlyTheLastPeriodsDemand()
    {
        using var pool = new PinnedBlockMemoryPool(Timeout.InfiniteTimeSpan);
        var burst = Enumerable.Range(0, 1000).Select(_ => pool.Rent()).ToList();
        burst.ForEach(block => block.Dispose());
        Assert.Equal(1000, pool.FreeCount);

        // The burst's own period rented 1000 blocks: they are all still in demand.
        Assert.Equal(0, pool.Evict());
        // A quiet period: everything above the minimum goes.
        Assert.Equal(1000 - PinnedBlockMemoryPool.MinimumRetained, pool.Evict());
        Assert.Equal(PinnedBlockMemoryPool.MinimumRetained, pool.FreeCount);
    }

    [Fact]
    public void ABlockDisposedAfterThePoolIsDisposedIsDropped()
    {
        var pool = new PinnedBlockMemoryPool(Timeout.InfiniteTimeSpan);
        var block = pool.Rent();
        pool.Dispose();
        block.Dispose();
        Assert.Equal(0, pool.FreeCount);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
