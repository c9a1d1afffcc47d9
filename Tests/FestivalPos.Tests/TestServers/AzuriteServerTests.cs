using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FestivalPos.DevServers;

namespace FestivalPos.Tests.TestServers;

/// <summary>The throwaway Azurite: its connection string reaches each of its three services, and disposing it stops them.</summary>
public sealed class AzuriteServerTests
{
    [Fact]
    public async Task Its_connection_string_reaches_the_table_queue_and_blob_services_on_their_ports_until_it_is_disposed()
    {
        var azurite = await AzuriteServer.StartAsync();
        await using (azurite)
        {
            var table = new TableClient(azurite.ConnectionString, "AzuriteCheck");
            await table.CreateAsync();
            await table.AddEntityAsync(new TableEntity("partition", "row") { ["Value"] = "stored" });
            (await table.GetEntityAsync<TableEntity>("partition", "row")).Value.GetString("Value").Should().Be("stored");
            table.Uri.Port.Should().Be(azurite.TablePort);

            var queue = new QueueClient(azurite.ConnectionString, "azurite-check");
            await queue.CreateAsync();
            await queue.SendMessageAsync("queued");
            (await queue.ReceiveMessageAsync()).Value.MessageText.Should().Be("queued");
            queue.Uri.Port.Should().Be(azurite.QueuePort);

            var container = new BlobContainerClient(azurite.ConnectionString, "azurite-check");
            await container.CreateAsync();
            await container.UploadBlobAsync("blob", BinaryData.FromString("uploaded"));
            (await container.GetBlobClient("blob").DownloadContentAsync()).Value.Content.ToString().Should().Be("uploaded");
            container.Uri.Port.Should().Be(azurite.BlobPort);
        }

        foreach (var port in new[] { azurite.TablePort, azurite.QueuePort, azurite.BlobPort })
        {
            (await LoopbackPorts.AcceptsConnectionsAsync(port)).Should().BeFalse($"Azurite no longer listens on {port}");
        }
    }
}
