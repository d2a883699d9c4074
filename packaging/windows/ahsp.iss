; Inno Setup 6.3+ script: a per-user installer of the AHSP Desktop bundle (dist\ahsp-desktop, built by
; packaging\ahsp.spec) with a Start menu shortcut. No administrator rights are needed; an administrator may
; still choose "all users" in the first page. Steps: packaging\windows\README.md.
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\ahsp.iss
;
; The version comes from ahsp.exe's version resource, which the spec takes from the package metadata.

#define AppName "AHSP Desktop"
#define AppExe "ahsp.exe"
#define Bundle "..\..\dist\ahsp-desktop"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + Bundle + "\" + AppExe)
#endif

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
AppId={{DC58EFBC-87B3-40B1-8F9E-884EDF8481B0}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=AHSP Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ahsp-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole program folder, so no file of an older version lingers in _internal.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's data (%LOCALAPPDATA%\AHSP Desktop\ahsp.sqlite and its backups) is not the program's: the
; uninstaller leaves it, so uninstalling and installing again keeps every project.
