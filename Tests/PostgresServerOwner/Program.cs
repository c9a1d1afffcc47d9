using FestivalPos.DevServers;

// Usage: FestivalPos.PostgresServerOwner own|shared
// Starts a server of its own (PostgresServer.Start) or the shared one, prints "<port> <data folder>" and waits until killed.
var server = args is ["shared"] ? PostgresServer.Shared : PostgresServer.Start();
Console.WriteLine($"{server.Port} {server.DataDirectory}");
Thread.Sleep(Timeout.Infinite);
GC.KeepAlive(server);
