package com.example.fabrica.controller.internal;

import java.util.List;

/**
 * What a controller program must exchange with an exported ONNX model: one STRUCT of inputs and one of
 * outputs, named for IEC 61131-3, with the unit and meaning of every element. Built by
 * {@link InterfaceReader} from a verified package; written by {@link PlcOpenXmlWriter} and
 * {@link StructuredTextWriter}. Immutable.
 *
 * @param pipelineId the pipeline's id (the deployment id)
 * @param pipelineName the pipeline's name as the user gave it
 * @param version the pipeline's version
 * @param identifier the pipeline's name as an IEC identifier: folder and type names derive from it
 * @param kind the model kind from its card, e.g. {@code AUTOENCODER}; {@code UNKNOWN} without a card
 * @param onnxInput the ONNX input tensor name
 * @param onnxOutput the ONNX output tensor name
 * @param threshold the decision threshold Fabrica chose at training, {@code NaN} if unknown
 * @param inputs the input STRUCT's elements, in the order of the model's input vector
 * @param outputs the output STRUCT's elements, in the order of the model's output vector
 */
record ModelInterface(String pipelineId, String pipelineName, String version, String identifier, String kind, String onnxInput,
        String onnxOutput, double threshold, List<Element> inputs, List<Element> outputs) {

    /** Copies the lists. */
    ModelInterface {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** @return the name of the input STRUCT type, e.g. {@code ST_Bearing_Inputs} */
    String inputType() {
        return "ST_" + identifier + "_Inputs";
    }

    /** @return the name of the output STRUCT type */
    String outputType() {
        return "ST_" + identifier + "_Outputs";
    }

    /** @return the name of the function block, e.g. {@code FB_Bearing} */
    String functionBlock() {
        return "FB_" + identifier;
    }

    /**
     * One element of a STRUCT: a {@code REAL} (the ONNX models are float32) or an
     * {@code ARRAY[0..length-1] OF REAL}.
     *
     * @param identifier the IEC name, unique in its STRUCT (case-insensitively)
     * @param meaning what the value is, e.g. {@code Vibration.rms (standardized)}
     * @param unit the unit, e.g. {@code m/s²}, {@code 1} for dimensionless values, empty if unknown
     * @param arrayLength 0 for a single REAL, else the number of values
     */
    record Element(String identifier, String meaning, String unit, int arrayLength) {

        /** @return e.g. {@code REAL} or {@code ARRAY[0..9] OF REAL} */
        String stType() {
            return arrayLength == 0 ? "REAL" : "ARRAY[0.." + (arrayLength - 1) + "] OF REAL";
        }

        /** @return the unit for comments, saying so when none is known */
        String unitText() {
            return unit.isEmpty() ? "unknown" : unit;
        }
    }
}
