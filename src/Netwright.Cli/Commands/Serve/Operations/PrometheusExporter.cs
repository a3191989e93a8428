using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>
/// <c>serve --metrics-prometheus [HOST:]PORT</c>: the Netwright meter for Prometheus to scrape at <c>http://HOST:PORT/metrics</c>,
/// through OpenTelemetry's Prometheus HttpListener exporter (the CLI only; the library records on a plain
/// <c>System.Diagnostics.Metrics</c> meter and depends on none of this).
/// </summary>
internal static class PrometheusExporter
{
    public static IDisposable Start(string host, int port) =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(Diagnostics.NetwrightMetrics.MeterName)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = host;
                options.Port = port;
            })
            .Build();
}
