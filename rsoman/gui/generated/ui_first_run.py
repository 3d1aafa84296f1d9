# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QSpinBox,
    QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(520, 400)
        self.mainLayout = QVBoxLayout(FirstRunDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(FirstRunDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.usernameLabel = QLabel(FirstRunDialog)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.usernameValue = QLabel(FirstRunDialog)
        self.usernameValue.setObjectName(u"usernameValue")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.usernameValue)

        self.passwordLabel = QLabel(FirstRunDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(FirstRunDialog)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.confirmLabel = QLabel(FirstRunDialog)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmEdit = QLineEdit(FirstRunDialog)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.confirmEdit)

        self.passwordProblemsLabel = QLabel(FirstRunDialog)
        self.passwordProblemsLabel.setObjectName(u"passwordProblemsLabel")
        self.passwordProblemsLabel.setWordWrap(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.passwordProblemsLabel)


        self.mainLayout.addLayout(self.formLayout)

        self.demoCheck = QCheckBox(FirstRunDialog)
        self.demoCheck.setObjectName(u"demoCheck")
        self.demoCheck.setChecked(True)

        self.mainLayout.addWidget(self.demoCheck)

        self.demoExplanationLabel = QLabel(FirstRunDialog)
        self.demoExplanationLabel.setObjectName(u"demoExplanationLabel")
        self.demoExplanationLabel.setWordWrap(True)
        self.demoExplanationLabel.setIndent(20)

        self.mainLayout.addWidget(self.demoExplanationLabel)

        self.demoSizeLayout = QHBoxLayout()
        self.demoSizeLayout.setObjectName(u"demoSizeLayout")
        self.demoSizeLayout.setContentsMargins(20, -1, -1, -1)
        self.demoSizeLabel = QLabel(FirstRunDialog)
        self.demoSizeLabel.setObjectName(u"demoSizeLabel")

        self.demoSizeLayout.addWidget(self.demoSizeLabel)

        self.demoSizeSpin = QSpinBox(FirstRunDialog)
        self.demoSizeSpin.setObjectName(u"demoSizeSpin")
        self.demoSizeSpin.setMinimum(1)
        self.demoSizeSpin.setMaximum(70000)
        self.demoSizeSpin.setSingleStep(100)
        self.demoSizeSpin.setValue(600)

        self.demoSizeLayout.addWidget(self.demoSizeSpin)

        self.demoSizeSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.demoSizeLayout.addItem(self.demoSizeSpacer)


        self.mainLayout.addLayout(self.demoSizeLayout)

        self.errorLabel = QLabel(FirstRunDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(FirstRunDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
        self.demoSizeLabel.setBuddy(self.demoSizeSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.passwordEdit, self.confirmEdit)
        QWidget.setTabOrder(self.confirmEdit, self.demoCheck)
        QWidget.setTabOrder(self.demoCheck, self.demoSizeSpin)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"Set up rsoman", None))
        self.introLabel.setText(QCoreApplication.translate("FirstRunDialog", u"This database has no user accounts yet. rsoman will now create the administrator account, <b>admin</b>. The administrator manages accounts and data; officers sign in with their own accounts to see caseloads.", None))
        self.usernameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"Administrator:", None))
        self.usernameValue.setText(QCoreApplication.translate("FirstRunDialog", u"admin", None))
        self.passwordLabel.setText(QCoreApplication.translate("FirstRunDialog", u"&Password:", None))
        self.confirmLabel.setText(QCoreApplication.translate("FirstRunDialog", u"&Repeat password:", None))
        self.demoCheck.setText(QCoreApplication.translate("FirstRunDialog", u"Also create a &demo caseload of fictional people", None))
        self.demoExplanationLabel.setText(QCoreApplication.translate("FirstRunDialog", u"Every person, address and officer in the demo is invented. It also creates the demo officer accounts <b>officer</b>, <b>supervisor</b>, <b>mappa</b> and <b>manager</b>, with the same password as the administrator. Use it to try rsoman out, never for real work.", None))
        self.demoSizeLabel.setText(QCoreApplication.translate("FirstRunDialog", u"&Offenders in the demo:", None))
    # retranslateUi

