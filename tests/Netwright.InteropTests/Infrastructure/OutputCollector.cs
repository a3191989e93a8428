using System.Text;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>Collects a child's output stream as UTF-8 text and signals every change, so tests await output instead of sleeping.</summary>
internal sealed class OutputCollector
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _complete;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public bool IsComplete
    {
        get
        {
            lock (_gate)
            {
                return _complete;
            }
        }
    }

    /// <summary>Gets a task that completes at the next change (more text, or the end of the stream).</summary>
    public Task NextChange
    {
        get
        {
            lock (_gate)
            {
                return _complete ? Task.CompletedTask : _changed.Task;
            }
        }
    }

    public async Task CollectAsync(Stream stream)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[4096 + 4];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                Append(chars.AsSpan(0, count), complete: false);
            }
        }
        catch (IOException)
        {
            // The pipe broke because the process was killed; what was read is kept.
        }
        finally
        {
            Append([], complete: true);
        }
    }

    private void Append(ReadOnlySpan<char> chars, bool complete)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(chars);
            _complete |= complete;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
