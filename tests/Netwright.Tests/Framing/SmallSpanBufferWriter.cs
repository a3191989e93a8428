using System.Buffers;

namespace Netwright.Tests.Framing;

/// <summary>An <see cref="IBufferWriter{T}"/> that hands out spans no larger than it must, to exercise chunked writes.</summary>
internal sealed class SmallSpanBufferWriter(int maxSpan) : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public byte[] Written => [.. _written];

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _current.Length);
        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // The contract asks for at least sizeHint bytes; beyond that, stay small.
        _current = new byte[Math.Max(sizeHint, maxSpan)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
