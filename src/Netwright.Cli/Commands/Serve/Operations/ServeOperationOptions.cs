using System.CommandLine;
using System.CommandLine.Parsing;
using Netwright.Cli.Output;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>The operator's options of <c>serve</c>: a config file, live statistics, the log format and Prometheus metrics.</summary>
internal sealed class ServeOperationOptions
{
    private readonly Option<string?> _config = new("--config")
    {
        Description = "Serve the listeners of a JSON file (the Generic Host's \"Netwright\" section: several services at once); no SERVICE then",
    };

    private readonly Option<bool> _stats = new("--stats")
    {
        Description = "Every second: connections open, accepted/s, bytes in/out per s, datagrams, errors, refused (one line redrawn on a terminal, JSON lines on stderr otherwise)",
    };

    private readonly Option<LogFormat> _logFormat = new("--log-format")
    {
        Description = "Log lines as text or json (one object a line with connection id, endpoints and event id)",
        DefaultValueFactory = _ => LogFormat.Text,
    };

    private readonly Option<string?> _prometheus = new("--metrics-prometheus")
    {
        Description = "Expose the metrics for Prometheus at http://[HOST:]PORT/metrics (HOST defaults to 127.0.0.1)",
    };

    public IEnumerable<Option> All => [_config, _stats, _logFormat, _prometheus];

    public bool HasConfig(ParseResult result) => result.GetValue(_config) is not null;

    public void Validate(CommandResult result)
    {
        if (result.GetValue(_prometheus) is { } text && !TryParseListen(text, out _, out var error))
        {
            result.AddError($"--metrics-prometheus {error}");
        }

        if (result.GetValue(_config) is { } path && !File.Exists(path))
        {
            result.AddError($"--config '{path}': no such file");
        }
    }

    public ServeOperations Read(ParseResult result)
    {
        NetEndPoint? prometheus = null;
        if (result.GetValue(_prometheus) is { } text && !TryParseListen(text, out prometheus, out var error))
        {
            // Validate has reported it already; parsing runs only on a valid command line.
            throw new ArgumentException(error);
        }

        return new ServeOperations(result.GetValue(_config), result.GetValue(_stats), result.GetValue(_logFormat), prometheus);
    }

    private static bool TryParseListen(string text, out NetEndPoint? endpoint, out string? error)
    {
        try
        {
            endpoint = NetEndPoint.ParseListen(text, TransportKind.Tcp);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or Errors.UnknownServiceException)
        {
            endpoint = null;
            error = ex.Message;
            return false;
        }
    }
}
