using Netwright.Transport;

namespace Netwright.Cli.Tests.Support;

/// <summary>
/// <c>netwright serve ...</c> running in-process: started, awaited until it logs the endpoints it bound,
/// and stopped by cancelling its token, as Ctrl+C does.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private const string ReadyPattern = @"waiting for connection\.\.\. on (?<endpoints>.+)$";

    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private ServeHost(CancellationTokenSource stop, Task<int> run, SignalingWriter error, IReadOnlyList<NetEndPoint> endpoints, IReadOnlyList<string> tlsEndPoints)
    {
        _stop = stop;
        _run = run;
        Error = error;
        EndPoints = endpoints;
        TlsEndPoints = tlsEndPoints;
    }

    /// <summary>Gets the server's stderr (its log) so far and still to come.</summary>
    public SignalingWriter Error { get; }

    /// <summary>Gets the endpoints from the "waiting for connection" line, with the real ports.</summary>
    public IReadOnlyList<NetEndPoint> EndPoints { get; }

    /// <summary>Gets the TLS listeners from the "waiting for connection" line, as <c>tls://HOST:PORT</c> texts.</summary>
    public IReadOnlyList<string> TlsEndPoints { get; }

    public static async Task<ServeHost> StartAsync(params string[] serveArgs)
    {
        var output = new SignalingWriter();
        var error = new SignalingWriter();
        // The safety limit: a test that forgets to stop the server does not leave it running.
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var console = new CliConsole(output, error, Stream.Null, InputIsTerminal: false);
        var run = Task.Run(() => NetwrightApp.RunAsync(["serve", .. serveArgs], console, stop.Token));
        var ready = error.WaitForLineAsync(ReadyPattern, CliRunner.Timeout);
        if (await Task.WhenAny(ready, run).WaitAsync(CliRunner.Timeout) == run)
        {
            stop.Dispose();
            throw new InvalidOperationException($"serve exited with {await run} before listening:\n{error}");
        }

        var texts = (await ready).Groups["endpoints"].Value.Split(", ");
        var endpoints = texts.Where(text => !text.StartsWith("tls://", StringComparison.Ordinal)).Select(text => NetEndPoint.Parse(text)).ToArray();
        var tls = texts.Where(text => text.StartsWith("tls://", StringComparison.Ordinal)).ToArray();
        return new ServeHost(stop, run, error, endpoints, tls);
    }

    /// <summary>Gets the one bound endpoint of <paramref name="kind"/>.</summary>
    public NetEndPoint EndPoint(TransportKind kind) => EndPoints.Single(e => e.Kind == kind);

    /// <summary>Cancels the token (Ctrl+C) and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(CliRunner.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(CliRunner.Timeout);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // The test has already failed or is failing; do not hide its own error.
            }
        }

        _stop.Dispose();
    }
}
