using System.Text.Json;
using System.Text.Json.Serialization;

namespace FestivalPos.PosApp.Screen;

/// <summary>The screen's JSON, camelCase as the page reads it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScreenState))]
[JsonSerializable(typeof(ScreenSaleRequest))]
[JsonSerializable(typeof(ScreenSaleAnswer))]
[JsonSerializable(typeof(ScreenRefundRequest))]
[JsonSerializable(typeof(ScreenRefundAnswer))]
[JsonSerializable(typeof(ScreenError))]
internal sealed partial class ScreenJson : JsonSerializerContext;
