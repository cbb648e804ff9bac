package io.fabrica.devices.sim.quality;

/**
 * One part as the simulated machining cell made it: the setpoints it was cut with, the context the
 * line knows (tool usage, material batch, the spindle's cutting current), the hidden state that really
 * decided its quality (tool wear, material hardness) and the quality the inspection station measured.
 *
 * @param number the part's serial number, from 1
 * @param speedRpm the spindle speed setpoint it was cut with, 1/min
 * @param feedMmPerMin the feed rate it was cut with, mm/min
 * @param partsSinceToolChange parts the insert had cut before this one (the line's tool-wear proxy)
 * @param batch the material batch number, from 1
 * @param cuttingCurrentA the mean motor current while cutting, A (rises with wear and hardness)
 * @param cycleSeconds the time the part took (cut plus handling), s
 * @param toolWearMm the insert's flank wear VB before the cut, mm (hidden: no sensor measures it)
 * @param hardness the batch's relative hardness, 1 nominal (hidden)
 * @param roughnessUm the measured surface roughness Ra of the bore, µm
 * @param diameterDeviationUm the measured bore diameter minus nominal, µm
 * @param scrap whether a measured value is outside the tolerance band ({@link MachiningProcess#ROUGHNESS_LIMIT_UM},
 *        {@link MachiningProcess#DIAMETER_TOLERANCE_UM})
 */
public record MachinedPart(long number, double speedRpm, double feedMmPerMin, int partsSinceToolChange, int batch, double cuttingCurrentA,
        double cycleSeconds, double toolWearMm, double hardness, double roughnessUm, double diameterDeviationUm, boolean scrap) {
}
