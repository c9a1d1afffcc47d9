using System.Text.Json;
using System.Text.Json.Serialization;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>The JSON format of stored events. Changing it changes the hash chain of new events only.</summary>
public static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
