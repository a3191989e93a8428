using System.Buffers;

using Microsoft.AspNetCore.Connections;

namespace KestrelEcho;

/// <summary>Echoes every byte back through the connection's pipe, as Kestrel's connection-handler samples do.</summary>
internal sealed class EchoHandler : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(connection.ConnectionClosed);
                var buffer = result.Buffer;
                try
                {
                    foreach (var segment in buffer)
                    {
                        output.Write(segment.Span);
                    }

                    var flush = await output.FlushAsync(connection.ConnectionClosed);
                    if (result.IsCompleted || flush.IsCompleted)
                    {
                        break;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.End);
                }
            }
        }
        catch (ConnectionResetException)
        {
            // The client went away mid-read; normal at the end of a benchmark run.
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
        {
            // Kestrel closed the connection (client reset or server shutdown).
        }
    }
}
