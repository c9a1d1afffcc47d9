namespace FestivalPos.Grains;
