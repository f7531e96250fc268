/// The FEAGI genes Spatium interprets, with their flat (`_____10c-…-<gene>-<t>`) and
/// hierarchical property names (GENOME.md), plus the known genes it keeps without using.
///
/// ```swift
/// FEAGIGene.flat["fire_t"]                 // .threshold
/// FEAGIGene.hierarchical["firing_threshold"] // .threshold
/// FEAGIGene.threshold.meaning               // "firing threshold (base)"
/// ```
public enum FEAGIGene: String, CaseIterable, Sendable {
    /// `___bbx` / `block_boundaries[0]`.
    case width
    /// `___bby`.
    case height
    /// `___bbz`.
    case depth
    /// `_n_cnt` / `per_voxel_neuron_cnt`.
    case neuronsPerVoxel
    /// `fire_t` / `firing_threshold`.
    case threshold
    /// `ftincx` / `firing_threshold_increment_x`.
    case thresholdIncrementX
    /// `ftincy`.
    case thresholdIncrementY
    /// `ftincz`.
    case thresholdIncrementZ
    /// `fthlim` / `firing_threshold_limit`.
    case thresholdLimit
    /// `refrac` / `refractory_period`.
    case refractory
    /// `leak_c` / `leak_coefficient`.
    case leak
    /// `leak_v` / `leak_variability`.
    case leakVariability
    /// `c_fr_c` / `consecutive_fire_cnt_max`.
    case consecutiveFireLimit
    /// `snooze-f`, `snooze-i` / `snooze_length`.
    case snooze
    /// `excite` / `neuron_excitability`.
    case excitability
    /// `mp_acc` / `mp_charge_accumulation`.
    case mpAccumulation
    /// `mp_psp` / `mp_driven_psp`.
    case mpDrivenPSP
    /// `pspuni` / `psp_uniform_distribution`.
    case pspUniform
    /// `pstcr_` / `postsynaptic_current`.
    case psp
    /// `__name` / `cortical_name`.
    case title
    /// `dstmap` / `cortical_mapping_dst`.
    case mappings

    /// Flat gene name → gene. `snooze` covers both `snooze-f` and `snooze-i`.
    public static let flat: [String: FEAGIGene] = [
        "___bbx": .width, "___bby": .height, "___bbz": .depth, "_n_cnt": .neuronsPerVoxel,
        "fire_t": .threshold, "ftincx": .thresholdIncrementX, "ftincy": .thresholdIncrementY,
        "ftincz": .thresholdIncrementZ, "fthlim": .thresholdLimit, "refrac": .refractory, "leak_c": .leak,
        "leak_v": .leakVariability, "c_fr_c": .consecutiveFireLimit, "snooze": .snooze, "excite": .excitability,
        "mp_acc": .mpAccumulation, "mp_psp": .mpDrivenPSP, "pspuni": .pspUniform, "pstcr_": .psp,
        "__name": .title, "dstmap": .mappings,
    ]

    /// Hierarchical property name → gene (both the `blueprint.<id>` and the
    /// `cortical_areas` spellings).
    public static let hierarchical: [String: FEAGIGene] = [
        "cortical_name": .title, "per_voxel_neuron_cnt": .neuronsPerVoxel,
        "cortical_neuron_per_voxel_count": .neuronsPerVoxel,
        "firing_threshold": .threshold, "firing_threshold_starting_value": .threshold,
        "firing_threshold_increment_x": .thresholdIncrementX, "firing_threshold_increment_y": .thresholdIncrementY,
        "firing_threshold_increment_z": .thresholdIncrementZ, "firing_threshold_limit": .thresholdLimit,
        "refractory_period": .refractory, "leak_coefficient": .leak, "leak_variability": .leakVariability,
        "consecutive_fire_cnt_max": .consecutiveFireLimit, "snooze_length": .snooze,
        "neuron_excitability": .excitability, "mp_charge_accumulation": .mpAccumulation,
        "mp_driven_psp": .mpDrivenPSP, "psp_uniform_distribution": .pspUniform, "postsynaptic_current": .psp,
        "cortical_mapping_dst": .mappings, "cortical_mapping_dstn": .mappings,
    ]

    /// Flat genes FEAGI defines that Spatium keeps (for export) but does not use: layout,
    /// name group, visibility, memory, plasticity and synapse attractivity.
    public static let retainedFlat: Set<String> = [
        "rcordx", "rcordy", "rcordz", "2dcorx", "2dcory", "_group", "subgrp", "gd_vis",
        "memory", "mem__t", "mem_gr", "mem_ls", "pstcrm", "de_gen", "synatt",
    ]

    /// Hierarchical properties FEAGI defines that Spatium keeps but does not use.
    public static let retainedHierarchical: Set<String> = [
        "cortical_id", "cortical_type", "cortical_group", "group_id", "sub_group_id", "coordinates_3d",
        "coordinates_2d", "relative_coordinate", "2d_coordinate", "location", "visualization", "visible",
        "cortical_neuron_count", "cortical_synapses_per_neuron", "is_mem_type", "mem_persistance_threshold",
        "longterm_mem_threshold", "synapse_attractivity", "postsynaptic_current_max", "degeneration",
        "plasticity_constant", "firing_threshold_increment_rate", "firing_threshold_increment_x_fired_count",
        "degeneracy", "morphology_id", "cortical_visibility",
    ]

    /// What the gene means, for messages.
    public var meaning: String {
        switch self {
        case .width: "width in voxels"
        case .height: "height in voxels"
        case .depth: "depth in voxels"
        case .neuronsPerVoxel: "neurons per voxel"
        case .threshold: "firing threshold (base)"
        case .thresholdIncrementX: "threshold increment per x"
        case .thresholdIncrementY: "threshold increment per y"
        case .thresholdIncrementZ: "threshold increment per z"
        case .thresholdLimit: "threshold limit, 0 = none"
        case .refractory: "refractory period in bursts"
        case .leak: "leak coefficient"
        case .leakVariability: "leak variability"
        case .consecutiveFireLimit: "consecutive fire limit, 0 = none"
        case .snooze: "snooze length in bursts"
        case .excitability: "excitability"
        case .mpAccumulation: "membrane potential accumulation"
        case .mpDrivenPSP: "membrane-potential-driven psp"
        case .pspUniform: "psp uniform distribution"
        case .psp: "postsynaptic current (psp of outgoing synapses)"
        case .title: "area name"
        case .mappings: "efferent mappings"
        }
    }
}
