using System.Text;
using System.Text.RegularExpressions;

namespace Netwright.Cli.Tests.Support;

/// <summary>
/// A thread-safe text writer that records everything and lets a test await a complete line matching a
/// pattern, so tests wait for "the server is listening" instead of sleeping.
/// </summary>
internal sealed class SignalingWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
            if (value == '\n')
            {
                CheckWaiters();
            }
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _text.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                CheckWaiters();
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + "\n");

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits for a complete line (already written or still to come) that matches <paramref name="pattern"/>.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (MatchCompleteLines(regex) is { } match)
            {
                return match;
            }

            _waiters.Add((regex, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no line matching /{pattern}/ within {timeout.TotalSeconds} s; written so far:\n{this}");
        }
    }

    private void CheckWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (MatchCompleteLines(_waiters[i].Pattern) is { } match)
            {
                _waiters[i].Found.TrySetResult(match);
                _waiters.RemoveAt(i);
            }
        }
    }

    private Match? MatchCompleteLines(Regex pattern)
    {
        var text = _text.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return null;
        }

        // RegexOptions.Multiline's '$' matches before '\n' only, so drop the CR of CRLF lines first.
        var match = pattern.Match(text[..end].Replace("\r\n", "\n", StringComparison.Ordinal));
        return match.Success ? match : null;
    }
}
