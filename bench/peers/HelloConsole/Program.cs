// The smallest .NET console app: the start-up baseline that `netwright --version` is timed against.
Console.WriteLine("hello");
