using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Netwright.Streams;

public sealed partial class StreamSession
{
    /// <summary>
    /// The awaitable behind a <see cref="ReadLineBytesAsync"/> that has to wait for input: one per session (one
    /// reader at a time), reset for every wait, so waiting for a line allocates nothing and resumes the caller
    /// straight from the pipe's completion.
    /// </summary>
    private sealed class LineWait : IValueTaskSource<ReadOnlySequence<byte>?>
    {
        private readonly StreamSession _session;
        private readonly Action _onRead;
        private ManualResetValueTaskSourceCore<ReadOnlySequence<byte>?> _result;
        private ConfiguredValueTaskAwaitable<ReadResult>.ConfiguredValueTaskAwaiter _read;
        private bool _waitsForPartial;
        private CancellationToken _cancellationToken;

        public LineWait(StreamSession session)
        {
            _session = session;
            _onRead = OnRead;
        }

        /// <summary>Waits for <paramref name="read"/>, then goes on reading lines until one is held or the stream ends.</summary>
        public ValueTask<ReadOnlySequence<byte>?> Start(ValueTask<ReadResult> read, bool waitsForPartial, CancellationToken cancellationToken)
        {
            _result.Reset();
            _cancellationToken = cancellationToken;
            var version = _result.Version;
            Await(read, waitsForPartial);
            return new ValueTask<ReadOnlySequence<byte>?>(this, version);
        }

        public ReadOnlySequence<byte>? GetResult(short token) => _result.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _result.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _result.OnCompleted(continuation, state, token, flags);

        private void Await(ValueTask<ReadResult> read, bool waitsForPartial)
        {
            _waitsForPartial = waitsForPartial;
            _read = read.ConfigureAwait(false).GetAwaiter();
            // May run OnRead at once, on this thread, if the read completed in the meantime.
            _read.UnsafeOnCompleted(_onRead);
        }

        private void OnRead()
        {
            ReadOnlySequence<byte>? line;
            try
            {
                ReadResult result;
                try
                {
                    result = _read.GetResult();
                }
                finally
                {
                    _read = default;
                    _session._partialArmed = false;
                }

                if (!_session.RunLineLoop(result, _waitsForPartial, _cancellationToken, out line, out var pending, out var waitsForPartial))
                {
                    Await(pending, waitsForPartial);
                    return;
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                _result.SetException(error);
                return;
            }

            _result.SetResult(line);
        }
    }
}
