namespace Netwright.Cli.Output;

/// <summary>How <c>serve</c> writes its log: <c>--log-format text|json</c>.</summary>
internal enum LogFormat
{
    /// <summary><c>info: message</c>, one line each.</summary>
    Text,

    /// <summary>One JSON object a line, for log shippers.</summary>
    Json,
}
