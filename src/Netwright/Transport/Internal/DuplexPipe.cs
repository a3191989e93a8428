using System.IO.Pipelines;

namespace Netwright.Transport.Internal;

/// <summary>The application's view of a connection: the input pipe's reader and the output pipe's writer.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
