namespace Simulator.Core.Seeding;

/// <summary>Real-sounding physiotherapy words for the generated data.</summary>
internal static class PhysiotherapyCatalogue
{
    /// <summary>Exercise names with the equipment they need ("" when none).</summary>
    public static readonly (string Name, string Tools)[] Exercises =
    [
        ("Stretch - Hip Flexor", "Foam roller"),
        ("Chin ups", ""),
        ("Stretch - Hamstring (supine)", "Yoga strap"),
        ("Stretch - Calf (wall)", ""),
        ("Stretch - Piriformis", ""),
        ("Stretch - Upper Trapezius", ""),
        ("Stretch - Pectoral (doorway)", ""),
        ("Stretch - Quadriceps (standing)", ""),
        ("Glute Bridge", ""),
        ("Single Leg Glute Bridge", ""),
        ("Clamshell", "Resistance band"),
        ("Side Lying Hip Abduction", "Ankle weight"),
        ("Bird Dog", "Exercise mat"),
        ("Dead Bug", "Exercise mat"),
        ("Plank", "Exercise mat"),
        ("Side Plank", "Exercise mat"),
        ("Cat Camel", "Exercise mat"),
        ("Pelvic Tilt", ""),
        ("Bodyweight Squat", ""),
        ("Wall Sit", ""),
        ("Step Up", "Step box"),
        ("Lateral Step Down", "Step box"),
        ("Straight Leg Raise", ""),
        ("Terminal Knee Extension", "Resistance band"),
        ("Heel Slide", ""),
        ("Calf Raise", ""),
        ("Eccentric Heel Drop", "Step box"),
        ("Ankle Alphabet", ""),
        ("Single Leg Balance", "Balance pad"),
        ("Tandem Stance", ""),
        ("Shoulder External Rotation", "Resistance band"),
        ("Shoulder Internal Rotation", "Resistance band"),
        ("Scapular Retraction", ""),
        ("Wall Angel", ""),
        ("Pendulum", ""),
        ("Prone Y Raise", "Light dumbbell"),
        ("Chin Tuck", ""),
        ("Thoracic Extension", "Foam roller"),
        ("Wrist Extensor Eccentrics", "Light dumbbell"),
        ("Nerve Glide - Median", ""),
        ("McKenzie Press Up", "Exercise mat"),
        ("Romanian Deadlift", "Kettlebell"),
        ("Banded Monster Walk", "Resistance band"),
        ("Nordic Hamstring Curl", ""),
    ];

    public static readonly string[] Products =
    [
        "Complete Sleeprrr Pillow",
        "Flex-Heat Lupin Pack",
        "Cold Therapy Gel Pack",
        "Lumbar Support Roll",
        "Resistance Band Set - Light",
        "Resistance Band Set - Heavy",
        "High Density Foam Roller",
        "Massage Ball Duo",
        "Kinesiology Tape Roll",
        "Knee Compression Sleeve",
        "Ankle Stabiliser Brace",
        "Wrist Support Splint",
        "Posture Corrector",
        "Contour Cervical Pillow",
        "Wobble Balance Board",
        "Magnesium Recovery Cream",
    ];

    public static readonly string[] NoteNames =
    [
        "Standard Treatment",
        "Initial Assessment",
        "Follow-up Consultation",
        "Lower Back Pain Review",
        "Post-op Knee Rehabilitation",
        "Shoulder Impingement Review",
        "Ankle Sprain Follow-up",
        "Neck Pain Treatment",
        "Sports Injury Assessment",
        "Hamstring Strain Review",
        "Discharge Summary",
        "Return to Sport Testing",
    ];

    public static readonly string[] Recommendations =
    [
        "Get more sleep",
        "Elevate injury",
        "Weight bearing exercise",
        "Ice for 15 minutes after activity",
        "Heat before stretching",
        "Avoid prolonged sitting",
        "Take regular breaks from the desk",
        "Gradual return to running",
        "Keep exercises pain free",
        "Walk 20 minutes daily",
        "Sleep with a pillow between the knees",
        "Avoid overhead lifting for two weeks",
        "Wear supportive footwear",
        "Hydrate well",
    ];

    public static readonly string[] Instructions =
    [
        "",
        "",
        "No bouncing",
        "Keep the back flat",
        "Breathe out on effort",
        "Stop if pain exceeds 3/10",
        "Slow and controlled",
        "Keep the knee over the second toe",
        "Squeeze the glutes at the top",
        "Do not hold your breath",
    ];

    public static readonly string[] Durations =
    [
        "2 seconds", "5 seconds", "10 seconds", "20 seconds", "30 seconds", "45 seconds", "60 seconds",
    ];

    public static readonly string[] PracticeNames =
    [
        "Harbourside Physiotherapy",
        "Northgate Sports Physio",
        "Riverbend Rehabilitation",
        "Summit Physiotherapy & Pilates",
        "Coastal Movement Clinic",
    ];
}
