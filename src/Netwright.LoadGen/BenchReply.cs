namespace Netwright.LoadGen;

/// <summary>What a pingpong server answers, and so what the generator sends and checks (<c>--reply</c>).</summary>
internal enum BenchReply
{
    /// <summary>The server echoes every byte; replies are checked byte for byte against the request.</summary>
    Echo,

    /// <summary>
    /// The server answers each line with <c>[ctime] line</c> (the timestamp service); requests are printable
    /// lines and replies are checked against the ctime layout and the request line.
    /// </summary>
    Timestamp,
}
