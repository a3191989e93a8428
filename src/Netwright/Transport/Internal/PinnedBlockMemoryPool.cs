using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Netwright.Transport.Internal;

/// <summary>
/// The connections' buffer pool: 4 KiB blocks allocated on the pinned object heap, kept while they are in demand
/// and let go once they are not (after Kestrel's <c>PinnedBlockMemoryPool</c> and its eviction).
/// </summary>
/// <remarks>
/// <para>Why pinned: a send to a peer that does not read stays pending, and the socket pins its buffers until it
/// completes. <see cref="MemoryPool{T}.Shared"/> hands out ordinary arrays, so each pending send pinned blocks in
/// the youngest generation, where the collector cannot move around them: 50 clients that never read grew a
/// server's young generation with blocks the collector could not move. Blocks on the pinned heap cost it
/// nothing to leave in place.</para>
/// <para>Why eviction: a burst (many slow readers, a flood of pipelined requests) fills the pool far above what
/// the server needs afterwards. Once a second the pool keeps only as many free blocks as were rented in the last
/// second (at least <see cref="MinimumRetained"/>) and drops the rest, for the next full collection to reclaim
/// (an application that wants it back at once collects when it goes quiet, as <c>netwright serve</c> does).</para>
/// </remarks>
internal sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block; the pipes ask for at most this much (larger requests use the array pool).</summary>
    public const int BlockSize = 4096;

    /// <summary>Free blocks always kept, so a quiet server's next exchanges allocate nothing.</summary>
    public const int MinimumRetained = 64;

    private static readonly TimeSpan DefaultEvictionPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<Block> _free = new();
    private readonly Timer _evictionTimer;
    private int _rentedSinceLastEviction;
    private volatile bool _disposed;

    /// <summary>Creates a pool that evicts once per <paramref name="evictionPeriod"/> (default 1 s; infinite: only when <see cref="Evict"/> is called).</summary>
    public PinnedBlockMemoryPool(TimeSpan? evictionPeriod = null)
    {
        var period = evictionPeriod ?? DefaultEvictionPeriod;
        // The timer must not capture the execution context of whoever made the pool first.
        using (ExecutionContext.SuppressFlow())
        {
            _evictionTimer = new Timer(static state => ((PinnedBlockMemoryPool)state!).Evict(), this, period, period);
        }
    }

    /// <summary>Gets the pool every connection shares (not <see cref="MemoryPool{T}.Shared"/>, which this pool is not).</summary>
    public static PinnedBlockMemoryPool Connections { get; } = new();

    public override int MaxBufferSize => BlockSize;

    /// <summary>Gets how many free blocks the pool holds now.</summary>
    public int FreeCount => _free.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _rentedSinceLastEviction);
        return _free.TryDequeue(out var block) ? block : new Block(this);
    }

    /// <summary>Drops the free blocks beyond the last period's demand; returns how many it dropped.</summary>
    internal int Evict()
    {
        var demand = Math.Max(Interlocked.Exchange(ref _rentedSinceLastEviction, 0), MinimumRetained);
        var evicted = 0;
        while (_free.Count > demand && _free.TryDequeue(out _))
        {
            evicted++;
        }

        return evicted;
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _evictionTimer.Dispose();
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (!_disposed)
        {
            _free.Enqueue(block);
        }
    }

    /// <summary>One pinned block; disposing it returns it to its pool.</summary>
    private sealed class Block(PinnedBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        // A pinned array's Memory pins without a GC handle.
        public Memory<byte> Memory => MemoryMarshal.CreateFromPinnedArray(_array, 0, _array.Length);

        public void Dispose() => pool.Return(this);
    }
}
