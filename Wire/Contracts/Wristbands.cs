namespace FestivalPos.Wire.Contracts;

public sealed record SunKeysRequest(string[] Uids);

/// <summary>A SUN wristband's AES-128 key (its SDM file read key), 32 upper-case hex digits.</summary>
public sealed record SunKey(string Uid, string Key);

public sealed record SunKeysResponse(SunKey[] Keys);
